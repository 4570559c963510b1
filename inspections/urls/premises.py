"""Routes: premises."""

urlpatterns = []

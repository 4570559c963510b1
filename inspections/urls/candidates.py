"""Routes: candidates."""

urlpatterns = []

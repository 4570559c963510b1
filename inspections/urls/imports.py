"""Routes: imports."""

urlpatterns = []

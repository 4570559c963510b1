"""Routes: operations."""

urlpatterns = []

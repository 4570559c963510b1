"""Routes: calendar."""

urlpatterns = []

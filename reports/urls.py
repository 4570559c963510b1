"""Routes: briefing sheets."""

urlpatterns = []

from django.contrib.auth import views as auth_views
from django.urls import path

from agencies.views import account

urlpatterns = [
    path("", account.account, name="account"),
    path("logga-in/", account.SignInView.as_view(), name="login"),
    # POST only (Django's LogoutView), so a link or an image cannot sign anyone out.
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("tvastegs/", account.two_factor_verify, name="two_factor_verify"),
    path("tvastegs/ny/", account.two_factor_enrol, name="two_factor_enrol"),
]

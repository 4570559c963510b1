from django.urls import path

from findings.views import referrals as views

urlpatterns = [
    path("hanvisningar/", views.referral_list, name="referral_list"),
    path("hanvisningar/<int:pk>/hanterad/", views.referral_handle, name="referral_handle"),
    path("<int:pk>/hanvisa/", views.referral_create, name="referral_create"),
]

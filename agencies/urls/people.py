from django.urls import path

from ..views import people as views

urlpatterns = [
    path("", views.people, name="people"),
    path("lagg-till/befintlig/", views.people_add_existing, name="people_add_existing"),
    path("lagg-till/ny/", views.people_add_new, name="people_add_new"),
    path("<int:pk>/avaktivera/", views.people_deactivate, name="people_deactivate"),
    path("<int:pk>/aktivera/", views.people_reactivate, name="people_reactivate"),
    # Open to the new person who follows the one-time link, signed in or not.
    path("valj-losenord/klart/", views.password_done, name="people_password_done"),
    path("valj-losenord/<uidb64>/<token>/", views.set_password, name="people_set_password"),
]

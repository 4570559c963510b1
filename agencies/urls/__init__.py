from django.urls import include, path

# One file per feature, so the account, the access log and the people screens grow apart.
urlpatterns = [
    path("konto/", include("agencies.urls.account")),
    path("logg/", include("agencies.urls.access_log")),
    path("personal/", include("agencies.urls.people")),
    path("rattsliga-grunder/", include("agencies.urls.legal_grounds")),
]

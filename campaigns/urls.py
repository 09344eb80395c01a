from django.urls import include, path

app_name = "campaigns"

# One URL module per part of the app; their names all live in the "campaigns:" namespace.
urlpatterns = [
    path("", include("campaigns.urls_campaigns")),
    path("dang-ky/", include("campaigns.urls_registrations")),
    path("cham-diem/", include("campaigns.urls_scoring")),
]

"""The logged-in user's own credentials, at the site's root (names without a namespace, as Django's
own `password_change` is named)."""

from django.urls import path

from unions.views import security

urlpatterns = [
    path("doi-mat-khau/", security.password_change, name="password_change"),
    path("xac-thuc-hai-buoc/", security.two_factor_setup, name="two_factor_setup"),
    path("xac-thuc-hai-buoc/nhap-ma/", security.two_factor_verify, name="two_factor_verify"),
]

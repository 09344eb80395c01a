from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from unionsite import views

urlpatterns = [
    path("", views.home, name="home"),
    path("nhat-ky-thay-doi/", views.change_log, name="change_log"),
    path("nhat-ky-thay-doi/xuat/", views.change_log_export, name="change_log_export"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # Changing one's password and the authenticator app: the unions app keeps accounts.
    path("", include("unions.urls_security")),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("nhap-tep/<str:token>/", views.import_status, name="import_status"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    path("to-chuc/", include("unions.urls")),
    path("phong-trao/", include("campaigns.urls")),
    path("khen-thuong/", include("awards.urls")),
    path("sang-kien/", include("initiatives.urls")),
    path("bao-cao/", include("reports.urls")),
]

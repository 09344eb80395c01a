from django.urls import path

from campaigns.views import registrations as views

# Mounted at /phong-trao/dang-ky/ in the "campaigns:" namespace.
urlpatterns = [
    path("dot/<int:campaign_pk>/", views.registration_list, name="registration_list"),
    path("dot/<int:campaign_pk>/dang-ky-moi/", views.registration_create, name="registration_create"),
    path("<int:pk>/", views.registration_detail, name="registration_detail"),
    path("<int:pk>/sua/", views.registration_edit, name="registration_edit"),
    path("<int:pk>/chuyen-trang-thai/", views.registration_transition, name="registration_transition"),
    path("<int:pk>/nhap-nhanh/", views.registration_grid, name="registration_grid"),
    path("<int:pk>/tim-doan-vien/", views.member_search, name="registration_member_search"),
    path("<int:pk>/nhap-excel/", views.registration_import, name="registration_import"),
    path("<int:pk>/mau-excel/", views.import_template, name="registration_import_template"),
    path("danh-hieu/<int:pk>/rut/", views.title_registration_withdraw, name="title_registration_withdraw"),
]

from django.urls import path

from unions.views import accounts, blocks, members, units

app_name = "unions"

urlpatterns = [
    path("", units.tree, name="tree"),
    path("don-vi/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/nhanh/", units.unit_children, name="unit_children"),
    path("don-vi/<int:pk>/them-don-vi/", units.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/sua/", units.unit_edit, name="unit_edit"),
    path("don-vi/<int:pk>/chuyen/", units.unit_move, name="unit_move"),
    path("don-vi/<int:pk>/dong/", units.unit_close, name="unit_close"),
    path("don-vi/<int:pk>/sap-nhap/", units.unit_merge, name="unit_merge"),
    path("don-vi/<int:pk>/vai-tro/", accounts.unit_roles, name="unit_roles"),
    path("vai-tro/<int:pk>/thu-hoi/", accounts.role_revoke, name="role_revoke"),
    path("doan-vien/", members.member_list, name="member_list"),
    path("doan-vien/xuat-excel/", members.member_export, name="member_export"),
    path("doan-vien/xuat-excel/<str:token>/", members.member_export_file, name="member_export_file"),
    path("doan-vien/nhap-excel/", members.member_import, name="member_import"),
    path("doan-vien/mau-nhap.xlsx", members.member_import_template, name="member_import_template"),
    path("doan-vien/them/", members.member_create, name="member_create"),
    path("doan-vien/<int:pk>/", members.member_detail, name="member_detail"),
    path("doan-vien/<int:pk>/sua/", members.member_edit, name="member_edit"),
    path("doan-vien/<int:pk>/ngung/", members.member_deactivate, name="member_deactivate"),
    path("tai-khoan/", accounts.account_list, name="account_list"),
    path("tai-khoan/them/", accounts.account_create, name="account_create"),
    path("tai-khoan/<int:pk>/", accounts.account_detail, name="account_detail"),
    path("tai-khoan/<int:pk>/khoa/", accounts.account_deactivate, name="account_deactivate"),
    path("tai-khoan/<int:pk>/dat-lai-mat-khau/", accounts.account_reset_password, name="account_reset_password"),
    path(
        "tai-khoan/<int:pk>/bo-xac-thuc-hai-buoc/", accounts.account_reset_two_factor, name="account_reset_two_factor"
    ),
    path("khoi/", blocks.block_list, name="block_list"),
    path("khoi/them/", blocks.block_edit, name="block_create"),
    path("khoi/<int:pk>/sua/", blocks.block_edit, name="block_edit"),
]

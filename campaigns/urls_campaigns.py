from django.urls import path

from campaigns.views import core as views

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("them/", views.campaign_add, name="campaign_add"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/sua/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/trang-thai/", views.campaign_transition, name="campaign_transition"),
    path("<int:pk>/van-ban-phat-dong/", views.campaign_launch_file, name="campaign_launch_file"),
    path("<int:pk>/dot/them/", views.phase_add, name="phase_add"),
    path("dot/<int:pk>/sua/", views.phase_edit, name="phase_edit"),
    path("dot/<int:pk>/ket-thuc/", views.phase_close, name="phase_close"),
    path("<int:pk>/chi-tiet-dot/them/", views.phase_detail_add, name="phase_detail_add"),
    path("chi-tiet-dot/<int:pk>/sua/", views.phase_detail_edit, name="phase_detail_edit"),
    path("<int:pk>/chi-tieu/them/", views.target_add, name="target_add"),
    path("chi-tieu/<int:pk>/sua/", views.target_edit, name="target_edit"),
    path("chi-tieu/<int:pk>/xoa/", views.target_delete, name="target_delete"),
    path("<int:pk>/van-ban/", views.document_list, name="document_list"),
    path("<int:pk>/van-ban/them/", views.document_add, name="document_add"),
    path("van-ban/<int:pk>/sua/", views.document_edit, name="document_edit"),
    path("van-ban/<int:pk>/tai-ve/", views.document_download, name="document_download"),
    path("<int:pk>/giao-uoc/them/", views.pledge_add, name="pledge_add"),
    path("giao-uoc/<int:pk>/sua/", views.pledge_edit, name="pledge_edit"),
    path("giao-uoc/<int:pk>/tai-ve/", views.pledge_download, name="pledge_download"),
    path("<int:pk>/bao-quat/", views.coverage, name="coverage"),
    path("<int:pk>/bao-quat/nhac-nho/", views.coverage_remind, name="coverage_remind"),
    path("phong-trao-chung/", views.movement_list, name="movement_list"),
    path("phong-trao-chung/them/", views.movement_add, name="movement_add"),
    path("phong-trao-chung/<int:pk>/sua/", views.movement_edit, name="movement_edit"),
]

from django.urls import path

from campaigns.views import campaigns as campaign_views
from campaigns.views import core as views

urlpatterns = [
    path("", campaign_views.campaign_list, name="campaign_list"),
    path("them/", campaign_views.campaign_add, name="campaign_add"),
    path("<int:pk>/", campaign_views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/sua/", campaign_views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/trang-thai/", campaign_views.campaign_transition, name="campaign_transition"),
    path("<int:pk>/van-ban-phat-dong/", campaign_views.campaign_launch_file, name="campaign_launch_file"),
    path("<int:pk>/dot/them/", campaign_views.phase_add, name="phase_add"),
    path("dot/<int:pk>/sua/", campaign_views.phase_edit, name="phase_edit"),
    path("dot/<int:pk>/ket-thuc/", campaign_views.phase_close, name="phase_close"),
    path("dot/<int:pk>/xoa/", campaign_views.phase_delete, name="phase_delete"),
    path("<int:pk>/chi-tiet-dot/them/", campaign_views.phase_detail_add, name="phase_detail_add"),
    path("chi-tiet-dot/<int:pk>/sua/", campaign_views.phase_detail_edit, name="phase_detail_edit"),
    path("<int:pk>/chi-tieu/them/", campaign_views.target_add, name="target_add"),
    path("chi-tieu/<int:pk>/sua/", campaign_views.target_edit, name="target_edit"),
    path("chi-tieu/<int:pk>/rut/", campaign_views.target_withdraw, name="target_withdraw"),
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

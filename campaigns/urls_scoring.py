"""Scoring: score sheets, self-assessment and review, ranking (under /phong-trao/cham-diem/)."""

from django.urls import path

from campaigns.views import scoring as views

urlpatterns = [
    path("bang-diem/", views.sheet_list, name="scoring_sheet_list"),
    path("bang-diem/tao/", views.sheet_create, name="scoring_sheet_create"),
    path("bang-diem/<int:pk>/", views.sheet_detail, name="scoring_sheet_detail"),
    path("bang-diem/<int:pk>/sua/", views.sheet_edit, name="scoring_sheet_edit"),
    path("bang-diem/<int:pk>/dong-moi/", views.sheet_row, name="scoring_sheet_row"),
    path("tu-danh-gia/", views.assessment_list, name="scoring_assessment_list"),
    path("dot/<int:phase_pk>/tu-danh-gia/bat-dau/", views.assessment_start, name="scoring_assessment_start"),
    path("tu-danh-gia/<int:pk>/", views.assessment_detail, name="scoring_assessment_detail"),
    path("tu-danh-gia/<int:pk>/cham/", views.assessment_fill, name="scoring_assessment_fill"),
    path("tu-danh-gia/<int:pk>/tham-dinh/", views.assessment_review, name="scoring_assessment_review"),
    path("tu-danh-gia/<int:pk>/chuyen-trang-thai/", views.assessment_transition, name="scoring_assessment_transition"),
    path("minh-chung/<int:pk>/", views.evidence_file, name="scoring_evidence_file"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="scoring_evidence_delete"),
    path("dot/<int:phase_pk>/xep-hang/", views.ranking, name="scoring_ranking"),
]

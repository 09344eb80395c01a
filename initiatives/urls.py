from django.urls import path

from initiatives.views import councils, criteria, decisions, dossier, lists

app_name = "initiatives"

urlpatterns = [
    path("", lists.initiative_list, name="list"),
    path("xuat-excel/", lists.initiative_export, name="export"),
    path("nhap-excel/", lists.initiative_import, name="import"),
    path("nhap-excel/mau/", lists.import_template, name="import_template"),
    path("moi/", dossier.initiative_create, name="create"),
    path("<int:pk>/", dossier.initiative_detail, name="detail"),
    path("<int:pk>/sua/", dossier.initiative_edit, name="edit"),
    path("<int:pk>/chuyen/", dossier.initiative_move, name="move"),
    path("<int:pk>/minh-chung/", dossier.evidence_add, name="evidence_add"),
    path("minh-chung/<int:pk>/", dossier.evidence_download, name="evidence_download"),
    path("minh-chung/<int:pk>/rut/", dossier.evidence_withdraw, name="evidence_withdraw"),
    path("hoi-dong/", councils.council_list, name="council_list"),
    path("hoi-dong/moi/", councils.council_create, name="council_create"),
    path("hoi-dong/<int:pk>/", councils.council_detail, name="council_detail"),
    path("hoi-dong/<int:pk>/roi/", councils.council_member_leave, name="council_member_leave"),
    path("cham/<int:pk>/", councils.review_sheet, name="review"),
    path("tieu-chi/", criteria.criteria_list, name="criteria_list"),
    path("tieu-chi/moi/", criteria.criteria_create, name="criteria_create"),
    path("tieu-chi/<int:pk>/", criteria.criteria_edit, name="criteria_edit"),
    path("quyet-dinh/", decisions.decision_list, name="decision_list"),
    path("quyet-dinh/moi/", decisions.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/pdf/", decisions.decision_pdf, name="decision_pdf"),
    path("quyet-dinh/<int:pk>/chung-nhan/<int:recognition_pk>/", decisions.certificate_pdf, name="certificate_pdf"),
]

from django.urls import path

from initiatives.views import lists

app_name = "initiatives"

urlpatterns = [
    path("", lists.initiative_list, name="list"),
    path("xuat-excel/", lists.initiative_export, name="export"),
    path("nhap-excel/", lists.initiative_import, name="import"),
    path("nhap-excel/mau/", lists.import_template, name="import_template"),
]

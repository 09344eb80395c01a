from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("bang-dieu-khien/", views.dashboard_view, name="dashboard"),
    path("thong-ke/", views.statistics_view, name="statistics"),
    path("don-vi/<int:unit>/<slug:period>/", views.report, name="report"),
    path("don-vi/<int:unit>/<slug:period>/noi-dung/", views.save_text, name="save_text"),
    path("don-vi/<int:unit>/<slug:period>/tai-ve/<slug:fmt>/", views.report_download, name="download"),
    path("don-vi/<int:unit>/<slug:period>/tao-tep/<slug:fmt>/", views.export_request, name="export"),
    path("tep/<slug:token>/", views.export_status, name="export_status"),
    path("tep/<slug:token>/tai-ve/", views.export_file, name="export_file"),
    path("dot/<int:pk>/tong-hop-lai/", views.tally_rerun, name="tally_rerun"),
]

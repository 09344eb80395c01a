from django.urls import path

from awards.views import decisions, nominations, other, proposals, review

app_name = "awards"

urlpatterns = [
    path("", nominations.nomination_list, name="nomination_list"),
    path("de-nghi/moi/", nominations.nomination_create, name="nomination_create"),
    path("de-nghi/<int:pk>/", nominations.nomination_detail, name="nomination_detail"),
    path("de-nghi/<int:pk>/sua/", nominations.nomination_edit, name="nomination_edit"),
    path("de-nghi/<int:pk>/chuyen/", nominations.nomination_transition, name="nomination_transition"),
    path("de-nghi/<int:pk>/tai-lieu/", nominations.attachment_upload, name="attachment_upload"),
    path("tai-lieu/<int:pk>/", nominations.attachment_download, name="attachment_download"),
    path("xet-duyet/", review.queue, name="queue"),
    path("xet-duyet/xuat-excel/", review.queue_export, name="queue_export"),
    path("xet-duyet/hang-loat/", review.queue_bulk, name="queue_bulk"),
    path("quyet-dinh/", decisions.decision_list, name="decision_list"),
    path("quyet-dinh/moi/", decisions.decision_create, name="decision_create"),
    path("quyet-dinh/co-so/", decisions.grassroots_units, name="grassroots_units"),
    path("quyet-dinh/co-so/<int:unit_pk>/moi/", decisions.grassroots_decision_create, name="grassroots_decision"),
    path("quyet-dinh/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/pdf/", decisions.decision_pdf, name="decision_pdf"),
    path("quyet-dinh/<int:pk>/de-nghi-thanh-pho/", proposals.propose_to_city, name="decision_propose"),
    path("de-nghi-thanh-pho/<int:unit_pk>/<int:year>/", proposals.propose_to_city, name="propose_to_city"),
    path("khen-thuong/<int:pk>/", decisions.award_detail, name="award_detail"),
    path("khen-thuong/<int:pk>/chung-nhan/", decisions.certificate_pdf, name="certificate_pdf"),
    path("khen-thuong/<int:pk>/thu-hoi/", decisions.award_revoke, name="award_revoke"),
    path("danh-hieu/", other.title_list, name="title_list"),
    path("chi-tieu/", other.quota_list, name="quota_list"),
    path("chi-tieu/moi/", other.quota_create, name="quota_create"),
    path("chi-tieu/<int:pk>/", other.quota_edit, name="quota_edit"),
    path("thong-bao/", other.notification_list, name="notification_list"),
    path("thong-bao/da-doc/", other.notifications_read, name="notifications_read"),
    path("bang-vang/", other.honour_roll_home, name="honour_roll_home"),
    path("bang-vang/<int:unit_pk>/<int:year>/", other.honour_roll_view, name="honour_roll"),
]

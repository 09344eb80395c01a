"""The project's URLs and one view that saves a duplicate without turning the database's refusal into
an error of its own (what a future view might forget): tests/unionsite/test_integrity.py."""

from django.http import HttpResponse
from django.urls import path

from unions.models import Member
from unionsite.urls import urlpatterns as project_urlpatterns


def duplicate_card(request):
    unit = Member.objects.get(card_number="CD-TRUNG").unit
    Member.objects.create(unit=unit, full_name="Bản sao", gender="male", card_number="CD-TRUNG")
    return HttpResponse("saved")


urlpatterns = [*project_urlpatterns, path("trung-lap/", duplicate_card)]

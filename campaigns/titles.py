"""The award titles that campaign targets and registrations name.

The catalogue of titles belongs to awards, an app above campaigns, so campaigns never imports it:
its foreign keys point at `settings.UNIONSITE_TITLE_MODEL` and its code reads the model through
`get_title_model()`, as Django's own apps do with AUTH_USER_MODEL. Campaigns relies only on the
fields `code`, `name`, `subject` (a `campaigns.enums.Subject`), `active` and `order`."""

from django.apps import apps
from django.conf import settings


def get_title_model():
    return apps.get_model(settings.UNIONSITE_TITLE_MODEL)

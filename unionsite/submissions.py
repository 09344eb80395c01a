"""A form saves once, however many times it is sent.

Every form the product renders through templates/includes/form.html carries a one-time token in a
hidden field (`{% form_token %}`, new at each rendering). The save it allows claims the token in the
database (`FormSubmission`, unique) in the same transaction: a second request with the same token (a
double click, a request the browser resends, the same page in two tabs) waits for the first to
finish and then saves nothing; it answers with a link to what the first one saved. A save the domain
refuses rolls back its claim, so the corrected form can be sent again. The server decides: a script
that disables the button while a form is sent (static/js/app.js) only spares the user the wait.

`save_or_error` (unionsite.errors) runs every form save through `once`; views that save otherwise
(imports, the registration grid, reminders) call `once` themselves."""

import re
import secrets
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils.html import format_html
from django.utils.translation import gettext as _

from unionsite.errors import DomainError
from unionsite.models import FormSubmission

TOKEN_FIELD = "form_token"  # nosec B105 # the name of a form field, not a secret
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_token():
    return secrets.token_urlsafe(24)


class AlreadySent(DomainError):
    """This form was sent before and saved then; nothing was saved this time. `url` is the page of
    what was saved (or "")."""

    def __init__(self, url=""):
        super().__init__(_("This form was already sent and saved; nothing was saved a second time."), code="sent")
        self.url = url

    def as_html(self):
        """The message with a link to what was saved, for a form's errors."""
        if not self.url:
            return str(self)
        return format_html('{} <a href="{}">{}</a>', str(self), self.url, _("Open what was saved"))


def _already_sent(token):
    previous = FormSubmission.objects.filter(token=token).first()
    return AlreadySent(previous.url if previous is not None else "")


def token_of(data):
    """The form token in request data (a QueryDict or dict), or None when absent or malformed."""
    token = data.get(TOKEN_FIELD) if data is not None else None
    return token if isinstance(token, str) and _TOKEN.match(token) else None


@contextmanager
def once(data):
    """Run the block at most once per form token found in `data` (request.POST, or a bound form's
    data), in one transaction with the token's claim. Yields the FormSubmission (set its `url` to
    what was saved: it is stored when the block ends) or None when the data carries no token.
    Raises AlreadySent when the token was claimed before; the block's own error rolls the claim back."""
    token = token_of(data)
    if token is None:
        yield None
        return
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(token=token)
        except IntegrityError:
            raise _already_sent(token) from None
        yield submission
        if submission.url:
            FormSubmission.objects.filter(pk=submission.pk).update(url=submission.url[:500])


def remember(submission, saved):
    """Note on `submission` the page of what was saved (when it has one)."""
    if submission is None:
        return
    for candidate in saved if isinstance(saved, tuple | list) else (saved,):
        url = getattr(candidate, "get_absolute_url", None)
        if callable(url):
            submission.url = url()
            return

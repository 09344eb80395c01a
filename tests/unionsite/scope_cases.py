from django.urls import reverse

from tests.scope import Case
from unionsite.importjobs import SESSION_KEY


def _import_job(world):
    """A job this session started (unionsite.importjobs): its token is in the session."""
    return {"token": "0" * 32}


CASES = {
    "home": Case(insider="officer_a"),
    # The whole city's change log: its reviewers and the admins (others: 403, tests/unionsite/test_change_log.py).
    "change_log": Case(insider="city_reviewer"),
    "change_log_export": Case(insider="city_reviewer"),
    # A logged-in user who opens the login page is sent home.
    "login": Case(insider="officer_a", public=True, expect=302, redirect=lambda w, kw: reverse("home")),
    "logout": Case(
        insider="officer_a", method="post", public=True, expect=302, redirect=lambda w, kw: reverse("login")
    ),
    "password_change": Case(insider="officer_a"),
    # Only the session that started an import job sees it; for any other it does not exist (404).
    "import_status": Case(
        insider="officer_a",
        kwargs=_import_job,
        session=lambda w, kw: {SESSION_KEY: [kw["token"]]},
    ),
    "password_change_done": Case(insider="officer_a"),
    # One's own authenticator: set up from the page (no device yet); the code step sends a login
    # with no authenticator to set one up.
    "two_factor_setup": Case(insider="officer_a"),
    "two_factor_verify": Case(insider="officer_a", expect=302, redirect=lambda w, kw: reverse("two_factor_setup")),
    "set_language": Case(
        insider="officer_a",
        method="post",
        public=True,
        data=lambda w: {"language": "en", "next": "/phong-trao/"},
        expect=302,
        redirect=lambda w, kw: "/phong-trao/",
    ),
}

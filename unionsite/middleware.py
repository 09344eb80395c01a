import logging

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language with the switcher.

    Django's own middleware follows the browser's Accept-Language, and many browsers in Vietnam
    are set to English; the product speaks Vietnamese first, so only the switcher's cookie counts.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


class DeferredJobsMiddleware:
    """Tells the user when work their action queued had to be kept for later (the broker could not be
    reached, unionsite.jobs): the page worked and nothing is lost, but e-mails or a file will come
    later. Placed after MessageMiddleware, so the message shows on the page the action leads to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.contrib import messages
        from django.utils.translation import gettext as _

        from unionsite.jobs import collect_deferred

        with collect_deferred() as deferred:
            response = self.get_response(request)
        if deferred.pks and hasattr(request, "_messages"):
            messages.warning(
                request,
                _(
                    "Saved. The background work of this action (e-mails, files) will be done later: the job "
                    "server cannot be reached right now. Nothing is lost; you need not do it again."
                ),
            )
        return response


class IntegrityErrorMiddleware:
    """The last line of defence: a unique constraint broken by two saves at the same moment that no
    form or domain function turned into an error of its own answers 409 with the reason in words,
    never 500. Forms show it themselves (unionsite.errors.save_or_error); this catches the rest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import IntegrityError
        from django.shortcuts import render

        from unionsite.errors import integrity_error

        if not isinstance(exception, IntegrityError):
            return None
        logging.getLogger(__name__).warning(
            "Refused as a duplicate: %s %s (%s)", request.method, request.path, exception
        )
        return render(request, "409.html", {"reason": str(integrity_error(exception))}, status=409)


class PrivateNoStoreMiddleware:
    """Every answer to a signed-in person (pages, exports, uploaded files) may carry personal data:
    members' names, dates of birth, phone numbers. `Cache-Control: private, no-store` keeps it out of
    shared caches and off the browser's disk, so that the back button on a shared computer after
    logging out shows nothing. Static files never reach this middleware (WhiteNoise answers first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

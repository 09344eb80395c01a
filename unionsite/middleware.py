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

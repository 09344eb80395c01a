"""Django's own messages that its Vietnamese catalogue leaves untranslated.

Marked here (never called) so that `make messages` copies them into locale/vi, whose translations
Django reads before its own: a form then answers a crafted id in Vietnamese too.
"""

from django.utils.translation import gettext_noop

UNTRANSLATED_BY_DJANGO = (
    # ModelMultipleChoiceField, for a posted id that is not a number ("²", "1.0", a 5,000-digit one).
    gettext_noop("“%(pk)s” is not a valid value."),
)

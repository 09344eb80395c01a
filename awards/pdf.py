"""PDFs of decisions and certificates. WeasyPrint is heavy: imported inside the functions.
The templates use "Noto Serif" (Debian fonts-noto-core), which has every Vietnamese diacritic."""

from django.template.loader import render_to_string


def _pdf(template_name, context):
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html).write_pdf()


def decision_pdf(decision, awards):
    return _pdf("awards/pdf/decision.html", {"decision": decision, "awards": awards})


def certificate_pdf(award):
    return _pdf("awards/pdf/certificate.html", {"award": award, "decision": award.decision})

"""PDFs of a recognition decision (quyết định công nhận sáng kiến) and of the Giấy chứng nhận sáng
kiến of each initiative it recognises. WeasyPrint is heavy: imported inside awards.pdf's functions.

The decision is the same union administrative document as an award decision (Nghị định
30/2020/NĐ-CP, Quyết định 933/QĐ-TLĐ): awards/templates/awards/pdf/decision.html is extended, with
the same heading, issuing body, place and date, "Nơi nhận" and signature block (awards.pdf.issuing),
and Điều 1 lists the initiatives: name, authors with their shares, union, the value they bring, grade.
A long list goes to an annex page. The certificate extends the award certificate (A4 landscape).
Official documents are always in Vietnamese, whatever language the reader uses the site in."""

from django.template.defaultfilters import truncatewords
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from awards import pdf as documents
from initiatives.enums import Level
from unionsite.templatetags.unionsite_tags import dong, num

# The legal bases of every recognition decision; update them when a text is superseded.
STANDING_BASES = (
    gettext_lazy("Pursuant to the Charter of the Vietnam Trade Union;"),
    gettext_lazy(
        "Pursuant to Decree No. 13/2012/NĐ-CP of 2 March 2012 of the Government promulgating the "
        "Regulations on Initiatives;"
    ),
    gettext_lazy(
        "Pursuant to Circular No. 18/2013/TT-BKHCN of 1 August 2013 of the Ministry of Science and Technology "
        "guiding the Regulations on Initiatives;"
    ),
)

# The level in the decision's and the certificate's sentences ("sáng kiến cấp cơ sở").
LEVEL_WORDS = {
    Level.GRASSROOTS: pgettext_lazy("initiative level", "grassroots-level"),
    Level.UPPER: pgettext_lazy("initiative level", "district-level"),
    Level.CITY: pgettext_lazy("initiative level", "city-level"),
}

# The words of a social value printed where there is no money value.
SOCIAL_VALUE_WORDS = 8


def decision_pdf(decision, recognitions):
    """`recognitions`: the decision's standing recognitions with initiative → unit and the
    initiative's authors → member loaded (prefetch "initiative__authors__member")."""
    with translation.override("vi"):
        return documents.render_pdf("initiatives/pdf/decision.html", decision_context(decision, recognitions))


def certificate_pdf(recognition):
    with translation.override("vi"):
        return documents.render_pdf("initiatives/pdf/certificate.html", certificate_context(recognition))


def share(value):
    """A contribution share as printed: 70 → "70 %", 33.33 → "33,33 %"."""
    return f"{num(value)}\N{NO-BREAK SPACE}%"


def authors_line(initiative):
    """ "Nguyễn Thị Kim Dung (70 %), Lê Văn Cường (30 %)"; a single author without a share."""
    authors = list(initiative.authors.all())
    if len(authors) == 1:
        return authors[0].member.full_name
    return ", ".join(f"{a.member.full_name} ({share(a.share)})" for a in authors)


def value_text(initiative):
    """The money saved or earned per year ("1.250.000.000 đ", the number and "đ" kept on one line),
    else the first words of the social value."""
    if initiative.value_per_year is not None:
        return dong(initiative.value_per_year).replace(" ", "\N{NO-BREAK SPACE}")
    return truncatewords(initiative.social_value, SOCIAL_VALUE_WORDS)


def points_text(recognition):
    """The council's mean score: "83,00 điểm"; "" when none was kept."""
    if recognition.score is None:
        return ""
    return _("%(score)s points") % {"score": num(recognition.score, 2)}


def _row(recognition):
    initiative = recognition.initiative
    return {
        "title": initiative.title,
        "authors": authors_line(initiative),
        "unit": initiative.unit.name,
        "value": value_text(initiative),
        "money": initiative.value_per_year is not None,
        "grade": recognition.grade,
        "points": points_text(recognition),
    }


def _councils(decision, recognitions):
    """The councils whose result the decision follows (one, normally: the deciding unit's)."""
    names = []
    for recognition in recognitions:
        for review in recognition.initiative.reviews.all():
            if review.level == decision.level and review.council.name not in names:
                names.append(review.council.name)
    return names


def decision_context(decision, recognitions):
    """Everything the decision template prints, worded in the active language."""
    context = documents.issuing(decision)
    unit, grassroots = decision.unit, context["grassroots"]
    years = ", ".join(str(y) for y in sorted({r.year for r in recognitions} or {decision.date.year}))
    level = LEVEL_WORDS[Level(decision.level)]
    subject = _("On recognising %(level)s initiatives in %(years)s") % {"level": level, "years": years}
    # The year stays on the line of the word before it ("năm 2026", not "năm" / "2026").
    subject = subject.replace(f" {years}", f"\N{NO-BREAK SPACE}{years}")

    councils = _councils(decision, recognitions)
    bases = [str(line) for line in STANDING_BASES]
    if councils:
        proposal = _("Having considered the proposal of %(councils)s.") % {"councils": ", ".join(councils)}
    else:
        proposal = _("Having considered the proposal of the initiative council of %(union)s.") % {
            "union": documents.full_name(unit.name)
        }

    rows = [_row(r) for r in recognitions]
    annex = len(rows) > documents.ANNEX_AFTER
    count = len(rows)
    values = {"count": count, "level": level, "years": years}
    if not rows:
        article_1 = _("Every recognition of this decision has been revoked.")
    elif annex:
        article_1 = (
            ngettext(
                "Recognise %(count)s %(level)s initiative in %(years)s and its authors (list attached).",
                "Recognise %(count)s %(level)s initiatives in %(years)s and their authors (list attached).",
                count,
            )
            % values
        )
    else:
        article_1 = (
            ngettext(
                "Recognise %(count)s %(level)s initiative in %(years)s and its authors, namely:",
                "Recognise %(count)s %(level)s initiatives in %(years)s and their authors, namely:",
                count,
            )
            % values
        )
    article_2 = _(
        "The authors of the initiatives named in Article 1 enjoy the rights of authors of initiatives under the "
        "regulations in force."
    )
    if grassroots:
        executors = _("The union groups concerned")
    else:
        executors = _("The office of %(union)s, the unions concerned") % {"union": unit.name}
    article_3 = _(
        "This decision takes effect from the date of signing. %(executors)s and the authors named in Article 1 are "
        "responsible for implementing this decision./."
    ) % {"executors": executors}

    recipients = [_("As in Article 3;")]
    if context["superior_unit"]:
        recipients.append(_("%(union)s (to report);") % {"union": documents.short_name(context["superior_unit"].name)})
    recipients.append(_("Filed: VT."))

    return {
        **context,
        "subject": subject,
        "bases": bases,
        "proposal": proposal,
        "article_1": article_1,
        "article_2": article_2,
        "article_3": article_3,
        "rows": rows,
        "annex": annex,
        "annex_heading": _("The %(level)s initiatives recognised in %(years)s") % {"level": level, "years": years},
        "annex_reference": _("(Attached to Decision No. %(number)s of %(date)s of the %(authority)s)")
        % {"number": decision.number, "date": context["signed_on"], "authority": context["authority"]},
        "recipients": recipients,
    }


def certificate_context(recognition):
    initiative = recognition.initiative
    return {
        **documents.issuing(recognition.decision),
        "recognition": recognition,
        "initiative": initiative,
        "authors": authors_line(initiative),
        "recognised_as": _("is recognised as a %(level)s initiative in %(year)s")
        % {"level": LEVEL_WORDS[Level(recognition.level)], "year": recognition.year},
        "points": points_text(recognition),
        "value": value_text(initiative),
    }

"""PDFs of decisions and certificates. WeasyPrint is heavy: imported inside the functions.

A decision is laid out as a union administrative document (thể thức văn bản) under Nghị định
30/2020/NĐ-CP and the Tổng Liên đoàn's rules for union documents (Quyết định 933/QĐ-TLĐ, 2024):
A4, margins 20/15/20/30 mm, a serif at 13 pt; top left the direct superior and the
issuing body (bold, a short rule under it) over "Số: …"; top right the national motto with a rule,
then place and date in italics; "QUYẾT ĐỊNH", "Về việc …", the deciding authority, the "Căn cứ …"
lines, "Xét đề nghị của …", Điều 1–3, "Nơi nhận:" bottom left and the signature block bottom right.
A long list of awardees goes to an annex page (danh sách kèm theo). Official documents are always
in Vietnamese, whatever language the person downloading reads the site in.

Font: "Noto Serif" (Debian fonts-noto-core) for every glyph. The documents' usual Times New Roman
is not free to ship, and Debian's Liberation Serif 1.x (metric-compatible with it) has no ơ, ư or
tone-marked vowels, so with it each such letter would fall back to another font mid-word."""

import re
import unicodedata

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from awards.enums import Level
from awards.models import Award
from unions.enums import UnitKind
from unions.models import OrgUnit

# More awardees than this and Điều 1 refers to a list on a page of its own.
ANNEX_AFTER = 10

# More proposing unions than this and "Xét đề nghị của …" names the committee instead.
PROPOSERS_NAMED = 5

# The standing legal bases of every award decision; update them when a text is superseded.
STANDING_BASES = (
    gettext_lazy("Pursuant to the Charter of the Vietnam Trade Union;"),
    gettext_lazy("Pursuant to the Law on Emulation and Commendation of 15 June 2022;"),
    gettext_lazy(
        "Pursuant to the Commendation Regulations of the Trade Union issued with Decision No. 999/QĐ-TLĐ "
        "of 29 May 2024 of the Vietnam General Confederation of Labour;"
    ),
)

# Abbreviations in unit names, written out where the decision names a body in full.
_ABBREVIATIONS = (
    (re.compile(r"\bLĐLĐ\b"), "Liên đoàn Lao động"),
    (re.compile(r"\bCĐCS\b"), "Công đoàn cơ sở"),
    (re.compile(r"\bCĐ\b"), "Công đoàn"),
)

# In the heading, where a name may be shortened to its usual abbreviation (Quyết định 933/QĐ-TLĐ).
_SHORTENED = re.compile(r"\bLiên đoàn Lao động\b", re.IGNORECASE)

# The administrative unit a federation sits in, read from its name ("LĐLĐ quận Hà Đông" → Hà Đông).
_PLACE = re.compile(r"\b(?:quận|huyện|thị xã|thành phố|tỉnh)\s+(.+)$", re.IGNORECASE)


def render_pdf(template_name, context):
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html).write_pdf()


def decision_pdf(decision, awards):
    """`awards`: the decision's standing awards with title (and its levels), unit, member and
    nomination → phase → campaign → launched_by loaded."""
    with translation.override("vi"):
        return render_pdf("awards/pdf/decision.html", decision_context(decision, awards))


def certificate_pdf(award):
    with translation.override("vi"):
        return render_pdf("awards/pdf/certificate.html", certificate_context(award))


# --- the parts of a decision --------------------------------------------------------------------


def full_name(name):
    """The name with its usual abbreviations written out ("LĐLĐ quận Hà Đông" →
    "Liên đoàn Lao động quận Hà Đông")."""
    for pattern, words in _ABBREVIATIONS:
        name = pattern.sub(words, name)
    return name


def short_name(name):
    """The name as the heading prints it: "Liên đoàn Lao động Thành phố Hà Nội" → "LĐLĐ Thành phố Hà Nội"."""
    return _SHORTENED.sub("LĐLĐ", name)


def place_of(units):
    """The place in "Hà Đông, ngày …": the first federation (not a grassroots union) among `units`,
    nearest first, whose name says where it is; "" when none does."""
    for unit in units:
        if unit.kind == UnitKind.GRASSROOTS:
            continue
        found = _PLACE.search(unicodedata.normalize("NFC", unit.name))
        if found:
            return found.group(1).strip()
    return ""


def long_date(day):
    """ "ngày 05 tháng 01 năm 2026": days below 10 and the months 1 and 2 take a leading zero
    (Nghị định 30/2020/NĐ-CP)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("day %(day)s month %(month)s year %(year)s") % {"day": f"{day.day:02d}", "month": month, "year": day.year}


def signer_position(decision):
    """The signer's position as the signature block prints it: "Chủ tịch LĐLĐ quận Hà Đông" is
    "CHỦ TỊCH" under "TM. BAN THƯỜNG VỤ", the body being named by the heading already."""
    position = decision.signer_title.strip()
    unit_name = decision.unit.name
    for name in (unit_name, full_name(unit_name), short_name(unit_name)):
        if len(position) > len(name) and position.lower().endswith(name.lower()):
            position = position[: -len(name)].strip(" ,-–")
            break
    return position or pgettext("signature", "Chair")


def signature_lines(on_behalf, position):
    """The lines above the signature: "TM. BAN THƯỜNG VỤ" / "CHỦ TỊCH"; a deputy signs for the head,
    "TM. BAN THƯỜNG VỤ" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" (Nghị định 30/2020/NĐ-CP)."""
    deputy = re.match(r"phó\s+(.+)$", position, re.IGNORECASE)
    if deputy:
        return [on_behalf, _("p.p. %(head)s") % {"head": deputy.group(1)}, position]
    return [on_behalf, position]


def _proposers(decision, awards):
    """The unions directly below the deciding unit that the awards came up through, by name."""
    segment = decision.unit.depth + 1
    ids = []
    for award in awards:
        parts = award.unit.path.split(".")
        if award.unit_id != decision.unit_id and award.unit.path.startswith(decision.unit.path):
            child = int(parts[segment])
            if child not in ids:
                ids.append(child)
    if not ids:
        return []
    names = dict(OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name"))
    return sorted(names[pk] for pk in ids if pk in names)


def _campaign_bases(awards):
    """A "Căn cứ …" line for each campaign launch document behind the awards, in order of date."""
    campaigns = {}
    for award in awards:
        if award.nomination_id and award.nomination.phase.campaign.document_number:
            campaign = award.nomination.phase.campaign
            campaigns[campaign.pk] = campaign
    lines = []
    ordered = sorted(campaigns.values(), key=lambda c: (c.document_date or c.starts_on, c.pk))
    for campaign in ordered:
        values = {
            "number": campaign.document_number,
            "unit": full_name(campaign.launched_by.name),
            "campaign": campaign.title,
        }
        if campaign.document_date:
            values["date"] = long_date(campaign.document_date)
            lines.append(
                _("Pursuant to document No. %(number)s of %(date)s of %(unit)s launching “%(campaign)s”;") % values
            )
        else:
            lines.append(_("Pursuant to document No. %(number)s of %(unit)s launching “%(campaign)s”;") % values)
    return lines


def _awardee_phrase(individuals, collectives):
    parts = []
    if collectives:
        parts.append(ngettext("%(count)s collective", "%(count)s collectives", collectives) % {"count": collectives})
    if individuals:
        parts.append(ngettext("%(count)s individual", "%(count)s individuals", individuals) % {"count": individuals})
    return get_text_list(parts, _("and"))


def _row(award):
    if award.member_id:
        where = ", ".join(part for part in (award.member.position, award.unit.name) if part)
    else:
        where = award.unit.name
    return {"name": award.awardee_name, "where": where, "title": award.display_title}


def _groups(awards):
    """Collectives first, then individuals (the usual order of an award list), numbered from 1 in
    each group; the group headings only when there are both."""
    collectives = [_row(a) for a in awards if not a.member_id]
    individuals = [_row(a) for a in awards if a.member_id]
    groups = []
    if collectives:
        groups.append({"heading": _("COLLECTIVES"), "rows": collectives})
    if individuals:
        groups.append({"heading": _("INDIVIDUALS"), "rows": individuals})
    if len(groups) == 2:
        for numeral, group in zip(("I", "II"), groups, strict=True):
            group["heading"] = f"{numeral}. {group['heading']}"
    else:
        for group in groups:
            group["heading"] = ""
    return groups, len(individuals), len(collectives)


def issuing(decision):
    """Who issues and signs the decision, where and when: shared by the decision and its certificates
    (and by the initiatives app's recognition decisions, whose decision has the same fields)."""
    unit = decision.unit
    ancestors = sorted(OrgUnit.objects.filter(pk__in=unit.ancestor_ids()), key=lambda u: u.depth)
    grassroots = decision.level == Level.GRASSROOTS or unit.kind == UnitKind.GRASSROOTS
    if grassroots:
        issuer = _("EC of %(union)s") % {"union": short_name(unit.name)}
        authority = _("Executive Committee of %(union)s") % {"union": full_name(unit.name)}
        on_behalf = _("On behalf of the Executive Committee")
    else:
        issuer = short_name(unit.name)
        authority = _("Standing Committee of %(union)s") % {"union": full_name(unit.name)}
        on_behalf = _("On behalf of the Standing Committee")
    place = place_of([unit, *reversed(ancestors)])
    signed_on = long_date(decision.date)
    return {
        "decision": decision,
        "grassroots": grassroots,
        "superior_unit": ancestors[-1] if ancestors else None,
        "superior": short_name(ancestors[-1].name) if ancestors else _("Vietnam General Confederation of Labour"),
        "issuer": issuer,
        "authority": authority,
        "signature": signature_lines(on_behalf, signer_position(decision)),
        "signed_on": signed_on,
        "place_and_date": f"{place}, {signed_on}" if place else capfirst(signed_on),
    }


def decision_context(decision, awards):
    """Everything the decision template prints, worded in the active language."""
    context = issuing(decision)
    unit, grassroots = decision.unit, context["grassroots"]
    if grassroots:
        executors = _("The union groups concerned")
    else:
        executors = _("The office of %(union)s, the unions concerned") % {"union": unit.name}

    titles = list(dict.fromkeys(a.display_title for a in awards))
    years = ", ".join(str(y) for y in sorted({a.year for a in awards}))
    values = {"titles": get_text_list(titles, _("and")), "years": years}
    if len(titles) == 1:
        subject = _("On awarding the title %(titles)s in %(years)s") % values
    elif titles:
        subject = _("On awarding the titles %(titles)s in %(years)s") % values
    else:
        subject = _("On commendation")
    # The year stays on the line of the word before it ("năm 2026", not "năm" / "2026").
    subject = subject.replace(f" {years}", f"\N{NO-BREAK SPACE}{years}") if years else subject

    proposers = _proposers(decision, awards)
    if grassroots or not proposers or len(proposers) > PROPOSERS_NAMED:
        proposal = _("Having considered the proposal of the Emulation and Commendation Council of %(union)s.") % {
            "union": full_name(unit.name)
        }
    else:
        proposal = _("Having considered the proposal of %(unions)s.") % {"unions": get_text_list(proposers, _("and"))}

    groups, individuals, collectives = _groups(awards)
    annex = len(awards) > ANNEX_AFTER
    kind = Award(level=decision.level).certificate_kind
    values = {"kind": kind, "whom": _awardee_phrase(individuals, collectives), **values}
    if not awards:
        article_1 = _("Every award of this decision has been revoked.")
    elif annex:
        article_1 = _("Award a %(kind)s to %(whom)s who achieved %(titles)s in %(years)s (list attached).") % values
    else:
        article_1 = _("Award a %(kind)s to %(whom)s who achieved %(titles)s in %(years)s, namely:") % values
    article_2 = _(
        "The collectives and individuals named in Article 1 receive the %(kind)s with a cash reward under the "
        "regulations in force."
    ) % {"kind": kind}
    article_3 = _(
        "This decision takes effect from the date of signing. %(executors)s and the collectives and individuals "
        "named in Article 1 are responsible for implementing this decision./."
    ) % {"executors": executors}

    recipients = [_("As in Article 3;")]
    if context["superior_unit"]:
        recipients.append(_("%(union)s (to report);") % {"union": short_name(context["superior_unit"].name)})
    recipients.append(_("Filed: VT."))

    return {
        **context,
        "subject": subject,
        "bases": [str(line) for line in STANDING_BASES] + _campaign_bases(awards),
        "proposal": proposal,
        "article_1": article_1,
        "article_2": article_2,
        "article_3": article_3,
        "groups": groups,
        "annex": annex,
        "annex_heading": _("The collectives and individuals awarded a %(kind)s") % {"kind": kind},
        "annex_reference": _("(Attached to Decision No. %(number)s of %(date)s of the %(authority)s)")
        % {"number": decision.number, "date": context["signed_on"], "authority": context["authority"]},
        "recipients": recipients,
    }


def certificate_context(award):
    return {**issuing(award.decision), "award": award}

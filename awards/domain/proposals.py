"""The district proposes its best awardees to the city (đề nghị lên Thành phố).

From one of its decisions, or from its awardees of a year, district staff choose people and
collectives and a city-level title for each. Each becomes a city-level nomination that carries the
dossier over and goes straight into the city's queue through the workflow's "propose" move (a
district award already stands behind it: no second nomination and no second district review)."""

import os

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.utils.translation import gettext as _

from awards.domain.records import earlier_titles_text, nomination_problems
from awards.domain.workflow import transition
from awards.enums import CLOSED_STATES, Level, NominationState
from awards.models import Award, AwardTitle, Nomination, NominationAttachment
from campaigns.enums import CampaignState
from campaigns.models import Phase
from unions.enums import UnitKind
from unions.scope import ancestor_paths
from unionsite.errors import DomainError, duplicates_refused
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require
from unionsite.workflow import BulkResult

S = NominationState


def city_titles():
    """Active titles that exist at city level: what a district may propose its awardees for."""
    return AwardTitle.objects.filter(active=True, levels__level=Level.CITY).order_by("order", "name")


def default_city_title(award, titles):
    """The award's own title when it exists at city level for this kind of awardee (Công nhân giỏi
    cấp quận → Công nhân giỏi Thủ đô), else None: the district chooses."""
    for title in titles:
        if title.pk == award.title_id and (title.accepts_member() if award.member_id else title.accepts_collective()):
            return title
    return None


def proposable_awards(unit):
    """Standing district-level awards in `unit`'s subtree (what its staff may propose to the city)."""
    return Award.objects.filter(unit__path__startswith=unit.path, level=Level.UPPER, revoked_at__isnull=True)


def proposal_phase(unit, year):
    """The phase a proposal for `unit` in `year` goes into: open for nominations, in a launched
    campaign of that year launched by the city or an upper-level union above `unit` (so the same
    phase serves every union of a district); the campaign launched highest up first, then the
    phase that ends last. None when no such phase is open."""
    return (
        Phase.objects.filter(
            nominations_open=True,
            campaign__state=CampaignState.LAUNCHED,
            campaign__ends_on__year=year,
            campaign__launched_by__path__in=ancestor_paths(unit.path),
            campaign__launched_by__kind__in=[UnitKind.CITY, UnitKind.UPPER],
        )
        .select_related("campaign__launched_by")
        .order_by("campaign__launched_by__path", "-ends_on", "pk")
        .first()
    )


def propose_to_city(awards, *, by, title=None, titles=None, note="", not_disciplined=False, not_absent_40_days=False):
    """Propose the holder of each district award for a city-level title and send the proposal to
    the city's queue. `titles` maps an award's pk to its city-level title, `title` is the title for
    the others; `note` is the district's reason (kept on the move's history row and sent to the
    union), and stands in for the achievements when no nomination lies behind the award (one
    entered from paper records); `not_disciplined` and `not_absent_40_days` are the district's own
    declarations on the unions' behalf, added to those of the nomination behind the award.

    `by` must review the nominations of every award's union (district staff above it): otherwise
    PermissionDenied and nothing is done. Then each award on its own, all or nothing for it: a
    standing district-level award not proposed yet; a phase of its year open for nominations that
    reaches its union (`proposal_phase`); the rules of a nomination (`nomination_problems`: the
    title exists at city level for this kind of awardee, the nominee has no other nomination for
    it); then the workflow's "propose" move checks the city title's eligibility rules and every
    quota that applies (the district's city-level quota among them) under a lock on their rows.

    Side effects for each award proposed: a city-level nomination in state "forwarded" carrying
    the dossier over (the nominee and union, the achievements and declarations of the district's
    nomination, the earlier titles from the records, its documents with their files copied);
    history rows on it (created, each document, the move) and on the award; the union's
    notifications (in-app, e-mail after commit). Returns a BulkResult: `done` lists the new
    nominations, `failed` pairs each refused award with the reason."""
    awards = list(awards)
    for award in awards:
        require(by, "awards.propose_to_city", award)
    result = BulkResult()
    note = (note or "").strip()
    for award in awards:
        chosen = (titles or {}).get(award.pk) or title
        try:
            nomination = _propose(award, chosen, by=by, note=note, declared=(not_disciplined, not_absent_40_days))
        except (DomainError, PermissionDenied) as error:
            result.failed.append((award, str(error)))
        else:
            result.done.append(nomination)
    return result


def _propose(award, title, *, by, note, declared):
    if award.level != Level.UPPER or award.revoked_at is not None:
        raise DomainError(_("Only a standing district-level award can be proposed to the city."))
    if title is None:
        raise DomainError(_("Choose the city-level title."))
    if Nomination.objects.filter(proposed_from=award).exclude(state__in=CLOSED_STATES).exists():
        raise DomainError(_("This award has already been proposed to the city."))
    phase = proposal_phase(award.unit, award.year)
    if phase is None:
        raise DomainError(
            _("No campaign of %(year)s open for nominations reaches %(unit)s: open a phase for nominations first.")
            % {"year": award.year, "unit": award.unit.name}
        )
    source = (
        Nomination.objects.filter(pk=award.nomination_id).prefetch_related("attachments").first()
        if award.nomination_id
        else None
    )
    achievements = source.achievements if source else ""
    if not achievements.strip():
        achievements = note
    if not achievements:
        raise DomainError(_("No nomination lies behind this award: write the achievements in the note."))
    nomination = Nomination(
        phase=phase,
        unit=award.unit,
        member=award.member,
        collective_name=award.collective_name,
        title=title,
        level=Level.CITY,
        year=award.year,
        achievements=achievements,
        not_disciplined=bool(source and source.not_disciplined) or declared[0],
        not_absent_40_days=bool(source and source.not_absent_40_days) or declared[1],
        proposed_from=award,
        created_by=by,
        state=S.DRAFT,
    )
    problems = nomination_problems(nomination)
    if problems:
        raise DomainError(problems)
    nomination.earlier_titles = earlier_titles_text(award.member, award.collective_name, award.unit)
    copied = []
    try:
        with duplicates_refused():
            nomination.save()
            record_change(nomination, by=by, action=ChangeRecord.Action.CREATE)
            for attachment in source.attachments.all() if source else ():
                copied.append(_copy_attachment(attachment, nomination, by=by))
            transition(nomination, S.FORWARDED, by=by, note=note)
            proposed = {"proposed_to_city": [None, title.name]}
            record_change(award, by=by, action=ChangeRecord.Action.OTHER, changes=proposed)
    except BaseException:
        # The rows are rolled back; the copied files are not, so remove them.
        for attachment in copied:
            attachment.file.delete(save=False)
        raise
    return nomination


def _copy_attachment(attachment, nomination, *, by):
    """A copy of a document, with its own file, on the new nomination; a history row names it."""
    copy = NominationAttachment(
        nomination=nomination,
        kind=attachment.kind,
        original_name=attachment.original_name,
        size=attachment.size,
        uploaded_by_id=attachment.uploaded_by_id,
    )
    try:
        with attachment.file.open("rb") as handle:
            copy.file.save(os.path.basename(attachment.file.name), File(handle), save=False)
    except OSError as error:
        raise DomainError(
            _("The document %(name)s could not be copied: it is missing from the file store.")
            % {"name": attachment.original_name}
        ) from error
    copy.save()
    record_change(
        nomination, by=by, action=ChangeRecord.Action.UPDATE, changes={"attachments": [None, copy.original_name]}
    )
    return copy

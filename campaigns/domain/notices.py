"""Notices to a union's officers: what the upper level tells them reaches them in the app and by e-mail.

A notice is one row per officer (campaigns.models.Notice) holding codes and raw values: the reminder
it copies (its message and deadline), or the registration it is about with the reason it was
returned. The words are made here, when the notice is shown or e-mailed, in the reader's language.
E-mails go out after commit, one Celery task per notice; each task locks its notice and marks it
e-mailed in the transaction that sends it, so a notice is e-mailed once even when its task runs twice,
and still e-mailed when a worker dies in the middle.
"""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaigns.enums import NoticeKind
from campaigns.models import Notice
from unions.enums import STAFF_ROLES, Role
from unions.models import RoleAssignment
from unionsite.jobs import queue


def officers_of(units):
    """The active officers' role rows on `units` (a queryset or list of units), user and unit loaded."""
    return (
        RoleAssignment.objects.filter(unit__in=units, role=Role.GRASSROOTS_OFFICER, user__is_active=True)
        .select_related("user", "unit")
        .order_by("unit__name", "user_id")
    )


def notify_registration(registration, *, kind, by, note=""):
    """Tell the officers of the registration's union (other than `by`) what happened to it: one
    Notice each, e-mailed after commit (task campaigns.send_notice_email) to those with an address.
    Returns the notices."""
    notices = Notice.objects.bulk_create(
        Notice(kind=kind, registration=registration, note=note, user=row.user, unit=row.unit)
        for row in officers_of([registration.unit_id])
        if row.user_id != getattr(by, "pk", None)
    )
    for notice in notices:
        if notice.user.email:
            queue("campaigns.send_notice_email", notice_id=notice.pk)
    return notices


def staff_of(units):
    """The active staff role rows on `units` (upper-level staff and city reviewers), user and unit loaded."""
    return (
        RoleAssignment.objects.filter(unit__in=units, role__in=STAFF_ROLES, user__is_active=True)
        .select_related("user", "unit")
        .order_by("unit__name", "user_id")
    )


def notify_phase_tallied(phase, *, version):
    """Tell the staff of the unit that launched the phase's campaign that the phase was tallied (its
    report is ready): one Notice each, once per tally version (a second delivery adds nothing), e-mailed
    after commit to those with an address. Returns the notices created now."""
    campaign = phase.campaign
    rows = list(staff_of([campaign.launched_by_id]))
    Notice.objects.bulk_create(
        (
            Notice(kind=NoticeKind.PHASE_TALLIED, phase=phase, note=str(version), user=row.user, unit=row.unit)
            for row in rows
        ),
        ignore_conflicts=True,
    )
    notices = list(
        Notice.objects.filter(
            kind=NoticeKind.PHASE_TALLIED, phase=phase, note=str(version), emailed_at__isnull=True
        ).select_related("user")
    )
    for notice in notices:
        if notice.user.email:
            queue("campaigns.send_notice_email", notice_id=notice.pk)
    return notices


def _day(value):
    return date_format(value, "d/m/Y")


def reminder_lines(reminder):
    """What the officer reads of a reminder: the campaign, what to do (and for which phase), by when,
    and the message the staff typed."""
    lines = [
        _("Campaign: %(title)s") % {"title": reminder.campaign.title},
        reminder.get_kind_display() + (f" — {reminder.phase.name}" if reminder.phase else "") + ".",
    ]
    if reminder.deadline:
        lines.append(_("Deadline: %(date)s.") % {"date": _day(reminder.deadline)})
    if reminder.message:
        lines += ["", reminder.message]
    return lines


def notice_text(notice):
    """(subject, body) of a notice, in the active language: the page and the e-mail say the same."""
    if notice.kind == NoticeKind.REMINDER:
        reminder = notice.reminder
        subject = _("Reminder: %(kind)s — %(title)s") % {
            "kind": reminder.get_kind_display(),
            "title": reminder.campaign.title,
        }
        return subject, "\n".join(reminder_lines(reminder))
    if notice.kind == NoticeKind.PHASE_TALLIED:
        names = {"phase": notice.phase.name, "campaign": notice.phase.campaign.title, "version": notice.note}
        subject = _("Phase tallied: %(phase)s — %(campaign)s") % names
        body = (
            _(
                "The figures of %(phase)s of “%(campaign)s” were tallied (version %(version)s). "
                "The phase report (sơ kết) is ready under Reports."
            )
            % names
        )
        return subject, body
    registration = notice.registration
    names = {"unit": notice.unit.name, "campaign": registration.campaign.title}
    if notice.kind == NoticeKind.REGISTRATION_RETURNED:
        subject = _("Registration returned for completion: %(campaign)s") % names
        body = _("The registration of %(unit)s for “%(campaign)s” was returned for completion.") % names
        if notice.note:
            body += "\n" + _("Reason: %(note)s") % {"note": notice.note}
    elif notice.kind == NoticeKind.REGISTRATION_ENTERED:
        subject = _("Registration entered on your behalf: %(campaign)s") % names
        body = (
            _(
                "The upper level entered the registration of %(unit)s for “%(campaign)s” on the union's behalf, "
                "from what the union sent, and accepted it. Check its commitments and title registrations."
            )
            % names
        )
    else:
        subject = _("Registration accepted: %(campaign)s") % names
        body = _("The registration of %(unit)s for “%(campaign)s” was accepted.") % names
    return subject, body


def send_notice_email(notice):
    """E-mail one notice to its officer, at least once and, barring a crash between the send and the
    commit, once only: the row is locked and `emailed_at` is set in the transaction that sends it.
    A second run, or a notice whose officer has no address, sends nothing; a run killed before its
    commit leaves the notice for the next one. Returns the number of e-mails sent."""
    if not notice.user.email:
        return 0
    with transaction.atomic():
        if not list(Notice.objects.select_for_update().filter(pk=notice.pk, emailed_at__isnull=True).values("pk")):
            return 0  # e-mailed by an earlier run (or one running now: the lock waited for it)
        subject, body = notice_text(notice)
        sent = send_mail(subject, f"{notice.unit.name}\n\n{body}", None, [notice.user.email])
        Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return sent

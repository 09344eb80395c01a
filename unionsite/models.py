from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """One row per periodic probe; the scheduler and a worker bump it so people can see both live."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    last_run_at = models.DateTimeField(_("last run"))
    runs = models.PositiveBigIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return self.name


class ChangeRecord(models.Model):
    """Who did what to which record, when and why. Written by `unionsite.history.record_change`."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Edited")
        DELETE = "delete", _("Deleted")
        TRANSITION = "transition", _("Status changed")
        IMPORT = "import", _("Imported")
        OTHER = "other", _("Other")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # {"field": [old, new], ...}: codes and raw values (a state change is {"state": [from, to]});
    # unionsite.history.readable renders them in the reader's language.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="changerecord_target_idx"),
            # The change log (unionsite.changelog) lists the newest first.
            models.Index(fields=["-at", "-id"], name="changerecord_at_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.content_type_id}:{self.object_id}"


class FormSubmission(models.Model):
    """A form token claimed by the save it allowed (unionsite.submissions.once): the same rendered form
    sent twice (a double click, a resent request, two tabs) saves once. `url` is what it saved, shown
    to whoever sends the form again. Rows older than a day are forgotten (unionsite.forget_form_tokens)."""

    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    url = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return self.token


class OutboxMessage(models.Model):
    """A background job kept in the database until the broker took it (unionsite.jobs).

    Written in the transaction of the change that queued it, so a job exists exactly when its change
    was committed; sent after the commit, and again later (unionsite.flush_outbox, every minute, and
    after the next job sent) when the broker could not be reached. `claimed_until` keeps two senders
    from sending the same row; `sent_at` marks it done."""

    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("queued job")
        verbose_name_plural = _("queued jobs")
        ordering = ["pk"]
        indexes = [models.Index(fields=["sent_at", "id"], name="outbox_pending_idx")]

    def __str__(self):
        return f"{self.task} #{self.pk}"

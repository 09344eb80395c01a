from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from awards import panels
        from unionsite import nav
        from unionsite.history import register_key

        nav.register_nav(_("Awards"), "awards:nomination_list", perm="awards.view_awards", order=30)
        nav.register_panel("awards/panels/notifications.html", panels.notifications_panel, order=20)
        nav.register_panel("awards/panels/queue.html", panels.queue_panel, order=21)

        # Change keys the awards domain writes that are not fields of the record they are on.
        register_key("awards.Nomination", "attachments", _("attachments"))
        register_key("awards.Nomination", "decision", _("decision"))
        register_key("awards.Award", "revoked", _("revoked"))
        register_key("awards.Award", "proposed_to_city", _("proposed to the city for"))

        from django.db.models.signals import post_save

        from unions.models import Member

        post_save.connect(rename_awardee, sender=Member, dispatch_uid="awards.rename_awardee")


def rename_awardee(sender, instance, created, **kwargs):
    """Keep Award.name_search equal to the member's folded name when the member is renamed."""
    if created:
        return
    from awards.models import Award

    Award.objects.filter(member=instance).exclude(name_search=instance.name_search).update(
        name_search=instance.name_search
    )

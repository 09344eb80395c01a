"""Logging in checks the password in the database; permissions come from django-rules only.

Django's ModelBackend would also answer `has_perm` from per-user and per-group permission rows,
which this app never grants: asking it costs two queries on every page (the menu asks has_perm)
and could only ever say no. Active superusers pass every check in Django itself."""

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """ModelBackend's login (password, is_active) without its permission tables."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

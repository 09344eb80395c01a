"""Permissions of the shell itself (django-rules): the Django admin and the scheduler's heartbeat."""

import rules

is_active_superuser = rules.is_active & rules.is_superuser

rules.add_perm("unionsite.view_admin", is_active_superuser)
rules.add_perm("unionsite.view_heartbeat", is_active_superuser)

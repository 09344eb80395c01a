"""Every change to the organisation tree, its members and its accounts goes through these functions.

Each one checks the actor's permission (PermissionDenied → 403), enforces the business rules
(ValidationError with a message for people), runs in a transaction and writes a history row."""

from unions.domain.accounts import (
    assign_role,
    create_account,
    deactivate_account,
    reset_password,
    revoke_role,
)
from unions.domain.blocks import save_block
from unions.domain.members import MEMBER_FIELDS, create_member, deactivate_member, update_member
from unions.domain.security import change_own_password, enrol_authenticator, reset_second_factor
from unions.domain.units import UNIT_FIELDS, close_unit, create_unit, merge_units, move_unit, update_unit

__all__ = [
    "MEMBER_FIELDS",
    "UNIT_FIELDS",
    "assign_role",
    "change_own_password",
    "close_unit",
    "create_account",
    "create_member",
    "create_unit",
    "deactivate_account",
    "deactivate_member",
    "enrol_authenticator",
    "merge_units",
    "move_unit",
    "reset_password",
    "reset_second_factor",
    "revoke_role",
    "save_block",
    "update_member",
    "update_unit",
]

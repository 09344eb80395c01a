"""The one exception every domain function raises when a business rule refuses a change.

It is a ValidationError, so a form shows it like any other error (on a field when raised with a
dict, `{field: [message]}`), and its text is the message for the user, in their language.

The database has the last word on what must be unique: two people saving the same thing at the same
moment both pass the domain's checks, and the second insert breaks a unique constraint. That
IntegrityError is turned into the DomainError of the constraint it broke (`integrity_error`), so the
user reads why nothing was saved instead of a server error."""

import re
from contextlib import contextmanager

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _


class DomainError(ValidationError):
    """A rule refused the change; nothing was saved. The message is for the user, as is."""

    def __str__(self):
        return " ".join(str(message) for message in self.messages)


def add_domain_error(form, error):
    """Show a refused change on `form`: each message on its field when the form has that field,
    otherwise above the form. Returns the form (invalid from then on)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
    return form


def save_or_error(form, save=None):
    """Run `save()` (default: form.save()) once per form token (unionsite.submissions.once); a rule
    refused by the domain, a unique constraint broken by a save made at the same moment, or the same
    form sent a second time becomes a form error. Returns what was saved, or None when it was refused
    (the form then shows why)."""
    from unionsite.submissions import AlreadySent, once, remember

    try:
        with once(form.data) as submission:  # the same rendered form sent twice saves once
            saved = (save or form.save)()
            if submission is not None and not saved:
                # The form's save refused without raising: the token stays free for a corrected form.
                transaction.set_rollback(True)
            remember(submission, saved)
        return saved
    except AlreadySent as sent:
        form.add_error(None, sent.as_html())
    except ValidationError as error:
        add_domain_error(form, error)
    except IntegrityError as error:
        add_domain_error(form, integrity_error(error))
    return None


# --- unique constraints broken by concurrent saves ---------------------------------------------------


@contextmanager
def duplicates_refused():
    """Run the block in a savepoint: an IntegrityError raised in it (a unique constraint broken by a
    save made at the same moment) becomes the DomainError that names the duplicate; the savepoint
    is rolled back, so the caller's transaction stays usable."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise integrity_error(error) from None


# PostgreSQL: 'Key (unit_id, year, number)=(3, 2025, 12/QĐ) already exists.'
_PG_KEY = re.compile(r"Key \((?P<columns>[^)]*)\)")
# SQLite: 'UNIQUE constraint failed: awards_decision.unit_id, awards_decision.number' for a table's own
# constraint, or "UNIQUE constraint failed: index 'nomination_one_live_per_member'" for a partial index.
_SQLITE_COLUMNS = re.compile(r"UNIQUE constraint failed: (?P<columns>[\w.]+(?:, [\w.]+)*)$")
_SQLITE_INDEX = re.compile(r"UNIQUE constraint failed: index '(?P<name>[^']+)'")


def _violation(error):
    """(constraint name, table, [columns]) of the unique constraint `error` broke, as far as the
    database says (None, "", [] for what it does not say)."""
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None:  # psycopg
        found = _PG_KEY.search(diag.message_detail or "")
        columns = [c.strip().strip('"') for c in found.group("columns").split(",")] if found else []
        return diag.constraint_name, diag.table_name or "", columns
    text = str(cause or error)
    if found := _SQLITE_INDEX.search(text):
        return found.group("name"), "", []
    if found := _SQLITE_COLUMNS.search(text):
        pairs = [item.split(".", 1) for item in found.group("columns").split(", ")]
        return None, pairs[0][0], [column for _table, column in pairs]
    return None, "", []


def _unique_constraints():
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint):
                yield model, constraint


def _constraint_columns(model, constraint):
    return [model._meta.get_field(name).column for name in constraint.fields]


def _constraint_error(constraint):
    message = constraint.violation_error_message
    if message == constraint.default_violation_error_message:
        return None
    return DomainError(str(message))


def integrity_error(error):
    """The DomainError a user reads for `error`, an IntegrityError from a unique constraint: the
    constraint's own `violation_error_message`, Django's "… with this … already exists" on the field
    for a unique field, or a plain message that the same thing was saved at the same moment."""
    name, table, columns = _violation(error)
    for model, constraint in _unique_constraints():
        if name and constraint.name == name:
            found = _constraint_error(constraint)
            if found is not None:
                return found
        if (
            not name
            and table == model._meta.db_table
            and constraint.fields
            and sorted(_constraint_columns(model, constraint)) == sorted(columns)
        ):
            found = _constraint_error(constraint)
            if found is not None:
                return found
    if len(columns) == 1 and table:
        for model in apps.get_models():
            if model._meta.db_table != table:
                continue
            for field in model._meta.concrete_fields:
                if field.column == columns[0] and field.unique and not field.primary_key:
                    message = model().unique_error_message(model, (field.name,))
                    return DomainError({field.name: [message]})
    return DomainError(
        _(
            "The same record was saved at the same moment, by you in another tab or by someone else: "
            "nothing was saved this time. Reload the page to see it."
        )
    )

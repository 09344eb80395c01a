"""`__in` on an integer column ignores the numbers the column cannot hold.

Django (5.0+) already answers `pk=<a 25-digit number>` with no row instead of an error, but not
`pk__in=[…]`: SQLite raises OverflowError ("Python int too large to convert to SQLite INTEGER") on a
number past 64 bits, and every ModelMultipleChoiceField (checkbox lists, the pickers, ModelForms'
many-to-many fields, the admin) checks the posted ids with `pk__in`. A crafted 25-digit id was a 500.
Numbers outside the column's range can match no row, so they are dropped before the query is built,
the way Django's own IntegerFieldOverflow does for `exact`; nothing left means no row.

Registered once, when this module is imported (unionsite.apps.UnionsiteConfig.ready).
Ids read from a request by hand go through unionsite.shortcuts.parse_id instead.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)

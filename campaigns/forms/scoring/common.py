"""What the scoring forms share: points as Vietnamese users type them."""

from decimal import Decimal

from django import forms

# Localized: Vietnamese users type "27,5"; "27.5" is accepted too (no thousand separator in inputs).
POINTS = {
    "max_digits": 6,
    "decimal_places": 2,
    "min_value": Decimal(0),
    "localize": True,
    "widget": forms.TextInput(attrs={"inputmode": "decimal"}),
}

# Evidence: what a part-time officer has at hand (scans, photos, office files), checked by content too.

"""Type-to-search choices: pickers that scale to a city's 10,000 units and a union's thousands of members.

A `<select>` renders every choice into the page; a picker renders only the chosen one(s). The field
stays a ModelChoiceField (or ModelMultipleChoiceField) whose queryset the form narrows to the user's
scope, exactly as before, and the form still validates the posted id against it: an id out of scope or
junk is a form error. `search_select(field, …)` swaps the field's widget for a `SearchSelect`: a hidden
input carrying the value and a text input (a WAI-ARIA combobox, brought to life by static/js/picker.js)
showing the chosen label, which the server renders on re-display so the form reads right without
JavaScript too.

The choices are served by the form's own page: `?pick=<field name>&q=<text>&page=<n>` answers
`{"results": [{"id", "text", "detail"}], "more": bool}` from that field's queryset. The view loads the
page's record through its scoped query (404), checks its permission (403) and builds the form as it
does for the page, then hands the form to `respond()`; so what the picker offers is by construction
what the form accepts, with no second copy of the scope rules and no extra URL to keep in step.
"""

from django import forms
from django.http import JsonResponse

from unionsite.shortcuts import parse_id, parse_int, parse_text
from unionsite.text import fold, search_order

# Rows per answer: enough to fill a phone's screen, small enough to answer at once.
PICK_SIZE = 20
# Far past any real list; keeps OFFSET within what a database accepts.
MAX_PAGE = 100_000


class SearchSelect(forms.Widget):
    """A hidden input for the chosen id and a text combobox for its label (static/js/picker.js)."""

    template_name = "unionsite/widgets/search_select.html"
    allow_multiple_selected = False

    def __init__(self, attrs=None, *, detail=None, depends_on=None, search="name_search", ordering=None):
        super().__init__(attrs)
        self.choices = []  # the field's ModelChoiceIterator (set by ModelChoiceField)
        self.detail = detail  # obj → a second line under the label ("" when None)
        self.depends_on = dict(depends_on or {})  # other field of the form → lookup narrowing the rows
        self.search = search  # the folded column the typed words are looked for in
        self.ordering = ordering or (search, "pk")

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            getter = getattr(data, "getlist", None)
            return getter(name) if getter else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return self.allow_multiple_selected is False and name not in data

    def format_value(self, value):
        if value is None:
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        return [str(getattr(v, "pk", v)) for v in values if v not in ("", None)]

    def chosen(self, values):
        """[(id, label, detail)] of the chosen values that lie in the field's queryset, in the order given."""
        ids = [number for number in (parse_id(v) for v in values) if number is not None]
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if not ids or queryset is None:
            return []
        found = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
        label = iterator.field.label_from_instance
        return [(pk, label(found[pk]), self.detail(found[pk]) if self.detail else "") for pk in ids if pk in found]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = self.chosen(context["widget"]["value"])
        context["widget"].update(
            chosen=chosen,
            text="" if self.allow_multiple_selected or not chosen else chosen[0][1],
            multiple=self.allow_multiple_selected,
            depends=" ".join(self.depends_on),
            input_id=(attrs or {}).get("id") or f"id_{name}",
        )
        return context

    def use_required_attribute(self, initial):
        # The visible input carries no value of its own: a browser check would refuse a chosen value.
        return False


class SearchSelectMultiple(SearchSelect):
    allow_multiple_selected = True


def search_select(field, *, detail=None, depends_on=None, search="name_search", ordering=None):
    """Make a ModelChoiceField (or ModelMultipleChoiceField) a type-to-search field; its queryset, its
    validation and its label_from_instance stay as they are."""
    widget_class = SearchSelectMultiple if isinstance(field, forms.ModelMultipleChoiceField) else SearchSelect
    widget = widget_class(
        attrs={key: value for key, value in field.widget.attrs.items() if key != "class"},
        detail=detail,
        depends_on=depends_on,
        search=search,
        ordering=ordering,
    )
    widget.is_required = field.required
    widget.choices = field.choices
    field.widget = widget
    return field


def search(field, params):
    """The answer for one request of a picker: up to PICK_SIZE rows of `field`'s queryset whose folded
    name holds every word typed (diacritics and case ignored), narrowed by the fields it depends on."""
    widget = field.widget
    rows = field.queryset
    words = fold(parse_text(params.get("q"))).split()
    for word in words:
        rows = rows.filter(**{f"{widget.search}__contains": word})
    for name, lookup in widget.depends_on.items():
        value = parse_id(params.get(name))
        if value is not None:
            rows = rows.filter(**{lookup: value})
    page = parse_int(params.get("page"), high=MAX_PAGE) or 1
    start = (page - 1) * PICK_SIZE
    # With words typed, the folded column is ordered as bytes (see unionsite.text.search_order).
    ordering = [search_order(o) if words and o == widget.search else o for o in widget.ordering]
    found = list(rows.order_by(*ordering)[start : start + PICK_SIZE + 1])
    label = field.label_from_instance
    return {
        "results": [
            {"id": obj.pk, "text": str(label(obj)), "detail": str(widget.detail(obj)) if widget.detail else ""}
            for obj in found[:PICK_SIZE]
        ],
        "more": len(found) > PICK_SIZE,
    }


def respond(request, form):
    """The JSON answer when the request asks for choices of one of `form`'s pickers (?pick=<field>);
    None otherwise (then the view renders its page as usual; an unknown ?pick= is ignored)."""
    name = parse_text(request.GET.get("pick"))
    field = form.fields.get(name) if name else None
    if field is None or not isinstance(field.widget, SearchSelect):
        return None
    return JsonResponse(search(field, request.GET))

"""Forms of the issuing screens (input only; the rules live in `actions` and `selection`)."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline.catalog.models import Category
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit

from . import actions
from .choices import Level
from .selection import Selection


def new_token() -> str:
    return uuid.uuid4().hex


class OrderForm(forms.Form):
    """Level, reason and deadline of an order, with the form's one-time token."""

    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.GENERAL, widget=forms.RadioSelect)
    subject = forms.CharField(label=pgettext_lazy("supervision order", "Subject"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    days = forms.IntegerField(
        label=_("Working days to answer"), required=False, min_value=1, max_value=30,
        help_text=_("Leave empty for the level's usual time."),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # Group orders: how many cases the issuer was shown (the action refuses if that changed).
    expected = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, subject_required: bool = False, now: dt.datetime | None = None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", new_token())
        super().__init__(*args, **kwargs)
        self.fields["subject"].required = subject_required
        if not subject_required:
            self.fields["subject"].help_text = _("Leave empty to use the case's title.")
        self.fields["level"].choices = [
            (level, _("%(level)s · %(days)s working days · answer by %(due)s") % {
                "level": Level(level).label, "days": days, "due": date_format(localtime(due), "Y-m-d H:i"),
            })
            for level, days, due in actions.deadlines_now(now)
        ]
        self.fields["token"].error_messages["required"] = _("The form is not valid any more; reload the page.")


class SelectionForm(forms.Form):
    """Which open cases a group order covers."""

    district = forms.ModelChoiceField(label=_("District"), required=False, queryset=Unit.objects.none())
    street = forms.ModelChoiceField(label=_("Street"), required=False, queryset=Unit.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), required=False, queryset=Category.objects.none(),
                                      help_text=_("Includes every category under it."))
    registered_from = forms.DateField(label=_("Registered from"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    registered_to = forms.DateField(label=_("Registered to"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    keyword = forms.CharField(label=_("Keyword"), required=False, max_length=50,
                              help_text=_("In the title or the citizen's words."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Unit.objects.filter(kind=UnitKind.DISTRICT, is_active=True).order_by("path")
        self.fields["street"].queryset = (
            Unit.objects.filter(kind=UnitKind.STREET, is_active=True).select_related("parent").order_by("path")
        )
        self.fields["street"].label_from_instance = lambda u: f"{u.parent.name} · {u.name}" if u.parent_id else u.name
        self.fields["category"].queryset = Category.objects.filter(level__lte=2, is_active=True).order_by("path")
        self.fields["category"].label_from_instance = lambda c: ("— " if c.level > 1 else "") + c.name

    def clean(self):
        data = super().clean()
        district, street = data.get("district"), data.get("street")
        if not (district or street or data.get("category")):
            raise forms.ValidationError(_("Choose a street or district, or a category."))
        if district and street and not street.path.startswith(district.path):
            self.add_error("street", _("This street is not in the district chosen."))
        start, end = data.get("registered_from"), data.get("registered_to")
        if start and end and start > end:
            self.add_error("registered_to", _("The end of the period is before its start."))
        return data

    def selection(self) -> Selection:
        data = self.cleaned_data
        return Selection(
            district_id=data["district"].pk if data.get("district") else None,
            street_id=data["street"].pk if data.get("street") else None,
            category_id=data["category"].pk if data.get("category") else None,
            registered_from=data.get("registered_from"), registered_to=data.get("registered_to"),
            keyword=(data.get("keyword") or "").strip(),
        )

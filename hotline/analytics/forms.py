"""Forms of the problem-of-the-month screens (input only; rules live in `problems`)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline.catalog.models import Category
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit

LEAD_KINDS = [UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.STREET, UnitKind.UTILITY, UnitKind.CENTRE]


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-05"})
    default_error_messages = {"invalid": _("The month must look like 2026-05.")}

    def clean(self, value):
        value = super().clean(value)
        try:
            return dt.date.fromisoformat(f"{value.strip()}-01")
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class ProblemForm(forms.Form):
    month = MonthField(label=_("Month"), max_length=7)
    title = forms.CharField(label=_("Problem"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = forms.ModelChoiceField(label=_("Lead department"), queryset=Unit.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), required=False, queryset=Category.objects.none())
    keywords = forms.CharField(label=_("Keywords"), required=False, max_length=200,
                               help_text=_("Separated by commas; any of them in the title or content."))
    district = forms.ModelChoiceField(label=_("District"), required=False, queryset=Unit.objects.none())
    street = forms.ModelChoiceField(label=_("Street"), required=False, queryset=Unit.objects.none())
    baseline_month = MonthField(label=_("Baseline month"), max_length=7)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = Unit.objects.filter(kind__in=LEAD_KINDS, is_active=True).order_by("kind", "path")
        self.fields["category"].queryset = Category.objects.filter(level__lte=2, is_active=True).order_by("path")
        self.fields["category"].label_from_instance = lambda c: ("— " if c.level > 1 else "") + c.name
        self.fields["district"].queryset = Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("path")
        self.fields["street"].queryset = Unit.objects.filter(kind=UnitKind.STREET).order_by("path")


class ActionForm(forms.Form):
    description = forms.CharField(label=pgettext_lazy("problem of the month: remedial measure", "Action"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Unit.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Unit.objects.filter(kind__in=LEAD_KINDS, is_active=True).order_by("kind", "path")

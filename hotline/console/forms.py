from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from hotline.cases.choices import CaseType, Urgency


class RegisterForm(forms.Form):
    """The agent's registration form. Category and place come from the pickers."""

    citizen_phone = forms.CharField(label=_("Caller's phone"), max_length=30, required=False)
    citizen_name = forms.CharField(label=_("Caller's name"), max_length=60, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(label=_("What the caller says"), widget=forms.Textarea(attrs={"rows": 4}))
    case_type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices, initial=CaseType.COMPLAINT)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    confidential = forms.BooleanField(label=_("Confidential (hide the caller from units)"), required=False)
    reply = forms.CharField(
        label=_("Answer given on the spot"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )


class PortalForm(forms.Form):
    """What a citizen fills in on the portal."""

    case_type = forms.ChoiceField(
        label=_("What kind of request"),
        choices=[(c.value, c.label) for c in (CaseType.COMPLAINT, CaseType.HELP, CaseType.CONSULTATION,
                                               CaseType.REPORT, CaseType.SUGGESTION, CaseType.PRAISE)],
    )
    title = forms.CharField(label=_("Subject"), max_length=100)
    content = forms.CharField(label=_("Describe the problem"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    address = forms.CharField(label=_("Address or landmark"), max_length=255, required=False)
    citizen_name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    citizen_phone = forms.CharField(label=_("Your phone (for the callback)"), max_length=20)
    anonymous = forms.BooleanField(label=_("Do not show my name to the units"), required=False)
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, min_value=-90, max_value=90,
                                  widget=forms.HiddenInput)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, min_value=-180,
                                   max_value=180, widget=forms.HiddenInput)

    def clean_citizen_phone(self):
        phone = self.cleaned_data["citizen_phone"].strip()
        if not re.fullmatch(r"\+?[\d\- ]{7,20}", phone):
            raise forms.ValidationError(_("Enter a phone number we can call back."))
        return phone

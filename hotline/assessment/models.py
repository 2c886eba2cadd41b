"""Assessment (考核) data: facts derived from case timelines, and administrators' settings.

- `AssignmentFact`: one row per dispatch round of a case for one unit (lead or
  co-handler). Every column is derived from the case's events (`facts.py`), so the table
  can be dropped and rebuilt at any time; it exists so that "month × unit" figures over
  a million cases are one indexed range scan.
- `ScoreWeights`: the scoring scheme (weights, penalties, minimum sample, second
  callback share); the active row is the one in use. Seeded by a data migration.
- `ColourThreshold`: one row per rate, the bounds of green / blue / red (分色预警).
- `SecondCallback`: a closed case sampled for an independent second callback.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline import clock
from hotline.cases.choices import Satisfaction


class AssignmentFact(models.Model):
    """One unit's part in one dispatch round of a case, as the timeline tells it.

    `period` is the local date the round was dispatched: a round belongs to the day
    (month) it was sent, for good, so a month's figures only change while its own rounds
    progress. Booleans that are not decided yet are NULL (a round not signed for is
    neither in time nor late until its deadline passes — `metrics` decides that against
    the clock).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField()
    is_lead = models.BooleanField(default=True)
    first_for_unit = models.BooleanField(default=True)  # the unit's first round on the case: counts the case once
    period = models.DateField()
    dispatched_at = models.DateTimeField()

    category = models.ForeignKey(
        "catalog.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False,
    )
    category_top_id = models.PositiveIntegerField(null=True, blank=True)
    district = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", db_index=False)
    street = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", db_index=False)
    community = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", db_index=False)
    channel = models.CharField(max_length=20)

    sign_due_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)  # after any approved extension
    responded_at = models.DateTimeField(null=True, blank=True)  # signed for or returned
    replied_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)  # still waiting for sign-for or reply
    cancelled = models.BooleanField(default=False)  # superseded (merge, transfer, new round)

    signed_in_time = models.BooleanField(null=True)  # responded (sign or return) by sign_due_at
    completed_in_time = models.BooleanField(null=True)  # replied by due_at
    resolved = models.BooleanField(null=True)  # centre's callback after this round's lead reply
    satisfied = models.BooleanField(null=True)  # satisfied or basically satisfied
    returned = models.BooleanField(default=False)
    unjustified_return = models.BooleanField(default=False)  # arbitration ruled the return unjustified
    reopened = models.BooleanField(default=False)  # the round's answer was sent back (重办)
    extended = models.BooleanField(default=False)
    fake_closure = models.BooleanField(default=False)  # replied as done, found unresolved later
    handling_seconds = models.PositiveIntegerField(null=True, blank=True)  # dispatch → reply

    complexity = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("1"))
    units_involved = models.PositiveSmallIntegerField(default=1)
    repeat = models.BooleanField(default=False)  # the case repeats an earlier closed one
    supervised = models.BooleanField(default=False)  # a supervision order was issued on the case
    excluded = models.BooleanField(default=False)  # unreasonable demand, left out of assessment

    class Meta:
        verbose_name = _("assessment fact")
        verbose_name_plural = _("assessment facts")
        constraints = [
            models.UniqueConstraint(fields=["case", "round", "unit"], name="assessment_fact_round_unit"),
        ]
        indexes = [
            models.Index(fields=["period", "unit"], name="assessment_fact_period_unit"),
            models.Index(fields=["unit", "period"], name="assessment_fact_unit_period"),
            models.Index(fields=["case"], name="assessment_fact_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} r{self.round} {self.unit_id}"


def _pct(default: int):
    return models.PositiveSmallIntegerField(default=default, validators=[MaxValueValidator(100)])


class ScoreWeights(models.Model):
    """The scoring scheme an administrator edits (see `scoring` for the formula)."""

    name = models.CharField(_("name"), max_length=60)
    active = models.BooleanField(_("in use"), default=True)

    satisfaction_share = _pct(40)
    resolution_share = _pct(25)
    completion_share = _pct(20)
    response_share = _pct(15)

    multi_unit_bonus = models.DecimalField(
        _("difficulty per extra unit"), max_digits=4, decimal_places=2, default=Decimal("0.20"),
        help_text=_("Added to a round's difficulty for each unit beyond the first."),
    )
    repeat_bonus = models.DecimalField(_("difficulty of a repeat complaint"), max_digits=4, decimal_places=2,
                                       default=Decimal("0.30"))
    supervised_bonus = models.DecimalField(_("difficulty of a supervised case"), max_digits=4, decimal_places=2,
                                           default=Decimal("0.30"))
    difficulty_floor = models.DecimalField(_("lowest difficulty factor"), max_digits=4, decimal_places=2,
                                           default=Decimal("0.80"))
    difficulty_cap = models.DecimalField(_("highest difficulty factor"), max_digits=4, decimal_places=2,
                                         default=Decimal("1.25"))

    fake_closure_penalty = models.DecimalField(
        _("fake closure penalty"), max_digits=5, decimal_places=1, default=Decimal("50"),
        help_text=_("Points lost when every rated round is a fake closure; proportional below that."),
    )
    unjustified_return_penalty = models.DecimalField(
        _("unjustified return penalty"), max_digits=5, decimal_places=1, default=Decimal("50"),
        help_text=_("Points lost when every round is returned without reason; proportional below that."),
    )

    min_sample = models.PositiveIntegerField(
        _("minimum cases to be ranked"), default=10, validators=[MinValueValidator(1)],
    )
    second_callback_share = models.PositiveSmallIntegerField(
        _("share of closed cases called back a second time (%)"), default=10,
        validators=[MaxValueValidator(100)],
    )
    sample_salt = models.CharField(
        _("sample seed"), max_length=40, default="12345",
        help_text=_("Changing it changes which cases are sampled from now on."),
    )
    disagreement_threshold = _pct(20)
    disagreement_min_sample = models.PositiveIntegerField(default=3, validators=[MinValueValidator(1)])
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=models.Q(active=True),
                                    name="score_weights_one_active"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        total = self.satisfaction_share + self.resolution_share + self.completion_share + self.response_share
        if total != 100:
            raise ValidationError(_("The four shares must add up to 100."))
        if self.difficulty_floor > self.difficulty_cap:
            raise ValidationError(_("The lowest difficulty factor cannot exceed the highest."))
        if self.active and ScoreWeights.objects.filter(active=True).exclude(pk=self.pk).exists():
            raise ValidationError(_("Only one scheme can be in use: take the other one out of use first."))

    @classmethod
    def current(cls) -> ScoreWeights:
        """The scheme in use; an unsaved default when an administrator deleted them all."""
        return cls.objects.filter(active=True).first() or cls(name="default")


class RateName(models.TextChoices):
    RESPONSE = "response", _("Response rate")
    RESOLUTION = "resolution", _("Resolution rate")
    SATISFACTION = "satisfaction", _("Satisfaction rate")


class Colour(models.TextChoices):
    GREEN = "green", _("Green")
    BLUE = "blue", _("Blue")
    RED = "red", _("Red")
    GREY = "grey", _("Not rated")


class ColourThreshold(models.Model):
    """Green from `green_from` %, red below `red_below` %, blue between (per rate)."""

    rate = models.CharField(_("rate"), max_length=20, choices=RateName.choices, unique=True)
    green_from = models.PositiveSmallIntegerField(_("green from (%)"), validators=[MaxValueValidator(100)])
    red_below = models.PositiveSmallIntegerField(_("red below (%)"), validators=[MaxValueValidator(100)])

    class Meta:
        verbose_name = _("colour threshold")
        verbose_name_plural = _("colour thresholds")
        ordering = ["rate"]

    def __str__(self) -> str:
        return f"{self.get_rate_display()}: {self.red_below}–{self.green_from}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.red_below > self.green_from:
            raise ValidationError(_("The red bound cannot be above the green bound."))


class SecondCallback(models.Model):
    """A closed case drawn for an independent second callback (once per case)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sampled_at = models.DateTimeField(default=clock.now)
    first_agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    first_satisfied = models.BooleanField(null=True)
    first_resolved = models.BooleanField(null=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True)
    resolved = models.BooleanField(_("resolved"), null=True)
    note = models.TextField(_("note"), blank=True)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("second callback")
        verbose_name_plural = _("second callbacks")
        ordering = ["sampled_at", "id"]
        indexes = [models.Index(fields=["done_at", "sampled_at"], name="second_callback_queue")]

    def __str__(self) -> str:
        return f"{self.case_id} ({'done' if self.done_at else 'waiting'})"

    @property
    def satisfied(self) -> bool | None:
        if self.satisfaction in {Satisfaction.SATISFIED, Satisfaction.BASIC}:
            return True
        if self.satisfaction == Satisfaction.UNSATISFIED:
            return False
        return None

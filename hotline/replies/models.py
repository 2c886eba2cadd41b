"""Reply quality (答复质量) data.

- `ReplyScore`: the score of one unit's reply, one row per lead `reply` event (unique),
  derived from the event and the case, so it can be recomputed at any time. A flagged
  row is also the outbox of its timeline note: `noted_at` is set, by a conditional
  UPDATE, in the transaction that writes the note.
- `Calibration`: the distribution of scores over a reference set of real replies and
  the threshold chosen from it. Each run of `hotline reply_quality calibrate` adds a
  row; the active one (at most one) gives the threshold in use, and an administrator
  may change its threshold (audited).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline import clock

from .reasons import Reason

UNIT_INTERVAL = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Calibration(models.Model):
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    source = models.CharField(_("reference data"), max_length=200, editable=False)
    source_sha256 = models.CharField(max_length=64, editable=False)
    rows = models.PositiveIntegerField(_("replies scored"), editable=False)
    scorer_version = models.PositiveSmallIntegerField(editable=False)
    percentile = models.PositiveSmallIntegerField(_("percentile"), validators=[MaxValueValidator(100)],
                                                  help_text=_("The threshold was chosen at this percentile of the overall scores."))
    threshold = models.FloatField(_("threshold"), validators=UNIT_INTERVAL,
                                  help_text=_("Replies scoring below this are flagged to the centre before callback."))
    active = models.BooleanField(_("in use"), default=False)
    distribution = models.JSONField(default=dict, editable=False)

    class Meta:
        verbose_name = _("reply quality calibration")
        verbose_name_plural = _("reply quality calibrations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=models.Q(active=True),
                                    name="reply_calibration_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} p{self.percentile} = {self.threshold:.3f}"


class ReplyScore(models.Model):
    event = models.OneToOneField("cases.CaseEvent", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reply_scores")
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    relevance = models.FloatField(_("relevance"), validators=UNIT_INTERVAL)
    completeness = models.FloatField(_("completeness"), validators=UNIT_INTERVAL)
    interpretability = models.FloatField(_("interpretability"), validators=UNIT_INTERVAL)
    timeliness = models.FloatField(_("timeliness"), validators=UNIT_INTERVAL)
    overall = models.FloatField(_("overall"), validators=UNIT_INTERVAL)
    perfunctory = models.BooleanField(_("perfunctory"), default=False)
    working_days = models.PositiveSmallIntegerField(default=0)
    late_days = models.PositiveSmallIntegerField(default=0)
    reasons = models.JSONField(default=list)
    threshold = models.FloatField()
    flagged = models.BooleanField(_("flagged"), default=False)
    calibration = models.ForeignKey(Calibration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    scorer_version = models.PositiveSmallIntegerField()
    scored_at = models.DateTimeField(default=clock.now)
    noted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reply score")
        verbose_name_plural = _("reply scores")
        ordering = ["case_id", "event_id"]
        indexes = [
            models.Index(fields=["case", "event"], name="reply_score_case_event"),
            # The note sweep: flagged scores whose timeline note is not written yet.
            models.Index(fields=["scored_at"], name="reply_score_note_due",
                         condition=models.Q(flagged=True, noted_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} reply {self.event_id}: {self.overall:.2f}"

    @property
    def reason_list(self) -> list[Reason]:
        return [Reason.from_dict(r) for r in self.reasons if isinstance(r, dict)]

    @property
    def concerns(self) -> list[Reason]:
        return [r for r in self.reason_list if not r.good]

    @property
    def strengths(self) -> list[Reason]:
        return [r for r in self.reason_list if r.good]

    def dimensions(self) -> list[tuple[str, float]]:
        return [(str(self._meta.get_field(name).verbose_name), getattr(self, name))
                for name in ("relevance", "completeness", "interpretability", "timeliness")]

"""A scan of recent messages and the issues it found, each with the messages behind it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline import clock


class Source(models.TextChoices):
    CASES = "cases", _("Cases on the platform")
    BOARD = "teddy2020", _("Message board (shared data)")


class Scan(models.Model):
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    since = models.DateTimeField(_("from"))
    until = models.DateTimeField(_("to"))  # the scan's "now": growth and recency count back from it
    ran_at = models.DateTimeField(_("ran at"), default=clock.now)
    messages = models.PositiveIntegerField(_("messages read"), default=0)
    seconds = models.FloatField(default=0)
    params = models.JSONField(default=dict)

    class Meta:
        ordering = ["-ran_at", "-pk"]
        indexes = [models.Index(fields=["source", "-ran_at"])]
        verbose_name = _("hotspot scan")
        verbose_name_plural = _("hotspot scans")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.ran_at:%Y-%m-%d %H:%M}"


class Hotspot(models.Model):
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="hotspots")
    rank = models.PositiveSmallIntegerField(_("rank"))
    label = models.CharField(_("issue"), max_length=200)
    example = models.CharField(_("typical message"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    group = models.CharField(_("group of people"), max_length=50, blank=True)
    keywords = models.JSONField(default=list)
    first_at = models.DateTimeField(_("first message"))
    last_at = models.DateTimeField(_("last message"))
    items = models.PositiveIntegerField(_("messages"))
    people = models.PositiveIntegerField(_("people"))
    repeats = models.PositiveIntegerField(_("repeats"))
    votes = models.PositiveIntegerField(_("votes"))
    heat = models.FloatField(_("heat index"))
    recent = models.PositiveIntegerField(_("last window"))
    previous = models.PositiveIntegerField(_("window before"))
    growth = models.FloatField(_("growth"))
    warning = models.BooleanField(_("early warning"), default=False)
    # The same issue keeps its key from scan to scan (members overlap), so it warns once.
    alert_key = models.CharField(max_length=40, blank=True, db_index=True)

    class Meta:
        ordering = ["scan", "rank"]
        constraints = [models.UniqueConstraint(fields=["scan", "rank"], name="hotspot_rank_once")]
        verbose_name = _("hotspot")
        verbose_name_plural = _("hotspots")

    def __str__(self) -> str:
        return self.label


class Member(models.Model):
    hotspot = models.ForeignKey(Hotspot, on_delete=models.CASCADE, related_name="members")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    ref = models.CharField(_("message"), max_length=40)  # case number or the board's message id
    title = models.CharField(_("title"), max_length=200)
    at = models.DateTimeField(_("time"))
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("hotspot message")
        verbose_name_plural = _("hotspot messages")

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"


class ScanClaim(models.Model):
    """Who is scanning a source right now (a lease): one scan of a source at a time."""

    source = models.CharField(max_length=20, choices=Source.choices, primary_key=True)
    held_until = models.DateTimeField()
    holder = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return f"{self.source} until {self.held_until:%Y-%m-%d %H:%M}"

"""The unit tree and the people in it."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline import clock

from .choices import Role, UnitKind


class Unit(models.Model):
    """A node of the organisation tree: a district, a street, a department, a provider...

    `path` is a materialised path of ids ("/1/4/17/"), so "this unit and everything
    under it" is one indexed prefix query.
    """

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    aliases = models.CharField(
        _("aliases"), max_length=255, blank=True,
        help_text=_("Other names people use for this place or unit, separated by commas."),
    )
    phone = models.CharField(_("duty phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        expected = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if self.path != expected:
            old = self.path
            self.path = expected
            Unit.objects.filter(pk=self.pk).update(path=expected)
            if old:
                # Re-root the subtree after a move.
                for child in Unit.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.path = expected + child.path[len(old):]
                    Unit.objects.filter(pk=child.pk).update(path=child.path)

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)

    @property
    def is_territorial(self) -> bool:
        return self.kind in UnitKind.territorial()


class User(AbstractUser):
    """A staff account. Citizens do not log in: they track cases by number and code."""

    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="staff",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.HANDLER)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.display_name or self.username


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.label}".strip()

    @classmethod
    def issue(cls, user: User, label: str = "") -> str:
        raw = "htl_" + secrets.token_urlsafe(32)
        cls.objects.create(user=user, digest=_digest(raw), label=label)
        return raw

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = (
            cls.objects.select_related("user", "user__unit")
            .filter(digest=_digest(raw), revoked=False, user__is_active=True)
            .first()
        )
        return token.user if token else None

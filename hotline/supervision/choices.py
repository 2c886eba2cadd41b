"""Vocabularies of supervision (督办), repeated complaints and accountability (问责)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    GENERAL = "general", _("General supervision")  # 一般督办
    KEY = "key", _("Key supervision")  # 重点督办
    LEADER = "leader", _("Leader supervision")  # 领导督办

    @classmethod
    def ordered(cls) -> list[str]:
        return [cls.GENERAL, cls.KEY, cls.LEADER]

    @classmethod
    def above(cls, level: str) -> str:
        """The next level up; the top level stays where it is."""
        order = cls.ordered()
        return order[min(order.index(level) + 1, len(order) - 1)]


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the unit's answer")
    ANSWERED = "answered", _("Answered, waiting for review")
    ACCEPTED = "accepted", _("Answer accepted")  # the item is done
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def open(cls) -> list[str]:
        return [cls.PENDING, cls.ANSWERED]


class EventKind(models.TextChoices):
    ISSUED = "issued", _("Issued")
    ANSWERED = "answered", _("Answered")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected as perfunctory")
    ESCALATED = "escalated", _("Escalated")


class EscalationReason(models.TextChoices):
    LATE_ANSWER = "late_answer", _("Answered after the deadline")
    NO_ANSWER = "no_answer", _("No answer by the deadline")
    PERFUNCTORY = "perfunctory", _("Answer rejected as perfunctory")


class RepeatReason(models.TextChoices):
    SAME_CALLER = "same_caller", _("Same caller")
    SAME_PROBLEM = "same_problem", _("Same problem at the same place")


class AccountabilityKind(models.TextChoices):
    LATE_SIGN = "late_sign", _("Late sign-for")  # 签收超时
    LATE_REPLY = "late_reply", _("Late reply")  # 办理超时
    BUCK_PASSING = "buck_passing", _("Unjustified return (buck-passing)")  # 推诿扯皮
    FAKE_CLOSURE = "fake_closure", _("Fake closure")  # 虚假办结


class Decision(models.TextChoices):
    NONE = "", _("Not decided")
    NO_ACTION = "no_action", _("No action")
    REMINDER = "reminder", _("Reminder talk")  # 提醒谈话
    WARNING = "warning", _("Warning")  # 警示
    CRITICISM = "criticism", _("Notice of criticism")  # 通报批评
    ADMONISHMENT = "admonishment", _("Admonishment talk")  # 诫勉谈话
    DISCIPLINE = "discipline", _("Referred for discipline")  # 移送纪检监察

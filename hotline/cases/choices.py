"""Vocabularies of a case. Plain choices, imported by catalog and routing too."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone 12345")
    PORTAL = "portal", _("Web portal")
    APP = "app", _("Mobile app / mini-program")
    MAILBOX = "mailbox", _("Leader's mailbox")
    OPINION = "opinion", _("Online opinion")
    GRID = "grid", _("Grid inspector")
    POLICE_110 = "110", _("Transfer from 110")
    OPEN311 = "open311", _("Open311")
    PLATFORM = "platform", _("Other platform")
    API = "api", _("API")


class CaseType(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    HELP = "help", _("Request for help")
    COMPLAINT = "complaint", _("Complaint")
    REPORT = "report", _("Report")
    SUGGESTION = "suggestion", _("Suggestion")
    PRAISE = "praise", _("Praise")


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    URGENT = "urgent", _("Urgent")
    NORMAL = "normal", _("Normal")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")  # taken in, waiting for dispatch
    DISPATCHED = "dispatched", _("Dispatched")  # sent to a lead unit, waiting to be signed for
    HANDLING = "handling", _("Handling")  # signed for by the lead unit
    RETURNED = "returned", _("Returned")  # the lead unit says it is not theirs; centre to review
    REPLIED = "replied", _("Replied")  # answered (by a unit or on the spot); waiting for callback
    CLOSED = "closed", _("Closed")  # called back and closed
    MERGED = "merged", _("Merged")  # a duplicate folded into another case

    @classmethod
    def open_states(cls) -> list[str]:
        return [cls.REGISTERED, cls.DISPATCHED, cls.HANDLING, cls.RETURNED, cls.REPLIED]


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO = "co", _("Co-handler")


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be signed for")
    SIGNED = "signed", _("Signed for")
    RETURNED = "returned", _("Returned")
    REPLIED = "replied", _("Replied")
    CANCELLED = "cancelled", _("Cancelled")  # superseded by a re-dispatch or a reopen

    @classmethod
    def active(cls) -> list[str]:
        return [cls.PENDING, cls.SIGNED]


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
    UNREACHABLE = "unreachable", _("Unreachable")


class ReturnReason(models.TextChoices):
    NOT_OUR_MATTER = "not_our_matter", _("Not within our responsibilities")
    NOT_OUR_TERRITORY = "not_our_territory", _("Not within our territory")
    INFO_INSUFFICIENT = "info_insufficient", _("Information insufficient to act")
    DUPLICATE = "duplicate", _("Duplicate of another case")
    OTHER = "other", _("Other")


class ArbitrationRuling(models.TextChoices):
    JUSTIFIED = "justified", _("Return justified")
    UNJUSTIFIED = "unjustified", _("Return unjustified")

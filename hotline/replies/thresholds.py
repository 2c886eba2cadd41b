"""The threshold below which a reply is flagged: the active calibration's, else the setting."""

from __future__ import annotations

import logging

from django.conf import settings

from . import scoring
from .models import Calibration

log = logging.getLogger("hotline.replies")
DEFAULT = 0.25


def default() -> float:
    return float(getattr(settings, "HOTLINE_REPLY_QUALITY_THRESHOLD", DEFAULT))


def current() -> tuple[float, Calibration | None]:
    calibration = Calibration.objects.filter(active=True).first()
    if calibration is None:
        return default(), None
    if calibration.scorer_version != scoring.VERSION:
        log.warning("reply quality: the active calibration measured scorer v%s, scores are v%s; "
                    "run `hotline reply_quality calibrate`", calibration.scorer_version, scoring.VERSION)
    return calibration.threshold, calibration

"""Versioned model artifacts under VAR_DIR/models/classifier/:

    <version>/model.joblib   the bundle (the model and its metrics)
    <version>/metrics.json   how it was trained and how well it did
    current                  the version served (a one-line text file, replaced atomically)
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from hotline import clock

if TYPE_CHECKING:  # the model (scikit-learn) loads with the first artifact, not with the URLs
    from .model import TextModel

ARTIFACT = "model.joblib"
METRICS = "metrics.json"
POINTER = "current"


@dataclass
class Bundle:
    version: str
    model: TextModel
    metrics: dict = field(default_factory=dict)


def root() -> Path:
    configured = getattr(settings, "HOTLINE_CLASSIFIER_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "models" / "classifier"


def new_version(base: Path) -> str:
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    version, n = stamp, 1
    while (base / version).exists():
        n += 1
        version = f"{stamp}-{n}"
    return version


def save(bundle: Bundle, base: Path | None = None, *, make_current: bool = True) -> Path:
    base = base or root()
    folder = base / bundle.version
    folder.mkdir(parents=True, exist_ok=False)
    import joblib

    joblib.dump(bundle, folder / ARTIFACT, compress=3)
    (folder / METRICS).write_text(json.dumps(bundle.metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    if make_current:
        point(bundle.version, base)
    return folder


def point(version: str, base: Path | None = None) -> None:
    base = base or root()
    if not (base / version / ARTIFACT).exists():
        raise FileNotFoundError(f"no artifact for version {version} in {base}")
    tmp = base / f".{POINTER}.{os.getpid()}.{threading.get_ident()}"
    tmp.write_text(version + "\n", encoding="utf-8")
    os.replace(tmp, base / POINTER)


def current_version(base: Path | None = None) -> str | None:
    try:
        return (( base or root()) / POINTER).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def versions(base: Path | None = None) -> list[str]:
    base = base or root()
    if not base.exists():
        return []
    return sorted(p.name for p in base.iterdir() if (p / ARTIFACT).exists())


def load(version: str, base: Path | None = None) -> Bundle:
    import joblib

    return joblib.load((base or root()) / version / ARTIFACT)

"""The logged way to let data out: every export that holds or may hold personal data
writes an `ExportLog` row (who, what, with which filters, how many rows)."""

from __future__ import annotations

from collections.abc import Mapping

from .models import ExportKind, ExportLog

MAX_FILTER_VALUE = 200


def _filters(params: Mapping | None) -> dict:
    """Query parameters as plain JSON, list values kept, every value cut to a sane length."""
    if not params:
        return {}
    out = {}
    for key in params:
        values = params.getlist(key) if hasattr(params, "getlist") else [params[key]]
        values = [str(v)[:MAX_FILTER_VALUE] for v in values if str(v) != ""]
        if values:
            out[str(key)[:50]] = values[0] if len(values) == 1 else values
    return out


def record_export(*, actor, kind: str, rows: int, filters: Mapping | None = None, file_format: str = "",
                  masked: bool = True, source_ip: str | None = None) -> ExportLog:
    if kind not in ExportKind.values:
        raise ValueError(f"unknown export kind {kind!r}")
    user = actor if getattr(actor, "pk", None) is not None else None
    return ExportLog.objects.create(actor=user, kind=kind, rows=max(int(rows), 0), filters=_filters(filters),
                                    file_format=file_format[:10], masked=masked, source_ip=source_ip)

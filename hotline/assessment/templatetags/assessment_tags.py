from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """0.953 → "95.3%"; nothing measured → "—"."""
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def hours(seconds) -> str:
    return "—" if seconds is None else f"{seconds / 3600:.1f}"

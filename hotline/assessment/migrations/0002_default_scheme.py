"""Seed the default scoring scheme and colour thresholds (documented in `scoring`, `colours`)."""

from django.db import migrations

THRESHOLDS = {"response": (95, 85), "resolution": (80, 60), "satisfaction": (85, 70)}


def seed(apps, schema_editor):
    ScoreWeights = apps.get_model("assessment", "ScoreWeights")
    ColourThreshold = apps.get_model("assessment", "ColourThreshold")
    if not ScoreWeights.objects.exists():
        # Shares 40/25/20/15; +0.2 difficulty per extra unit, +0.3 repeat, +0.3 supervised;
        # difficulty factor within 0.8–1.25; penalties 50 points at a 100% rate;
        # ranked from 10 cases; 10% of closed cases called back a second time.
        ScoreWeights.objects.create(name="默认考核方案 (default)", active=True)
    for rate, (green, red) in THRESHOLDS.items():
        ColourThreshold.objects.get_or_create(rate=rate, defaults={"green_from": green, "red_below": red})


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "hotline.analytics"
    label = "analytics"

    def ready(self) -> None:
        from . import signals  # noqa: F401

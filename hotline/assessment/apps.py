from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "hotline.assessment"
    label = "assessment"

    def ready(self) -> None:
        from . import signals  # noqa: F401

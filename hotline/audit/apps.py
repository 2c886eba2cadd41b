from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hotline.audit"
    label = "audit"

    def ready(self) -> None:
        from . import recorders

        recorders.connect()

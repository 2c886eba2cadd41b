from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepliesConfig(AppConfig):
    name = "hotline.replies"
    label = "replies"
    verbose_name = _("Reply quality")

    def ready(self) -> None:
        from . import hooks  # noqa: F401

from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "hotline.open311"
    label = "open311"

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "hotline.supervision"
    label = "supervision"

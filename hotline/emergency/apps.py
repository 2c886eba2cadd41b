from django.apps import AppConfig


class EmergencyConfig(AppConfig):
    name = "hotline.emergency"
    label = "emergency"

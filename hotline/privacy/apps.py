from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "hotline.privacy"
    label = "privacy"

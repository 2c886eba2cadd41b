from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "hotline.security"
    label = "security"

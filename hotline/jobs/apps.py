from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "hotline.jobs"
    label = "jobs"

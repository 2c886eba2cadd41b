from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "hotline.backup"
    label = "backup"

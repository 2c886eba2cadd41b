from django.apps import AppConfig


class GridsConfig(AppConfig):
    name = "hotline.grids"
    label = "grids"

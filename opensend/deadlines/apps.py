from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "opensend.deadlines"
    label = "deadlines"
    verbose_name = "Statutory deadlines"

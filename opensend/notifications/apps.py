from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "opensend.notifications"
    label = "notifications"
    verbose_name = "Email and reminders"

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """The assembly floor: the home dashboards, "my class" and the pupil chronology, which read
    from every feature through its selectors."""

    name = "opensend.dashboards"
    label = "dashboards"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.pupils.record_tabs import RecordTab, register_tab

        register_tab(RecordTab("chronology", "Chronology", "dashboards:chronology", Capability.SEN_READ, 5))

from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "opensend.register"
    label = "register"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.pupils.mis_import.column_sets import register_column_set
        from opensend.pupils.record_tabs import RecordTab, register_badges, register_tab
        from opensend.pupils.subject_access import register_section

        from .mis_import import SenColumns
        from .selectors import register_badges as sen_badges
        from .subject_access import register_history

        register_tab(RecordTab("sen", "SEN", "register:sen", Capability.SEN_READ, 10))
        register_badges(sen_badges)
        register_column_set(SenColumns())
        register_section("register", "SEN register", 10, register_history)

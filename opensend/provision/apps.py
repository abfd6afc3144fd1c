from django.apps import AppConfig


class ProvisionConfig(AppConfig):
    name = "opensend.provision"
    label = "provision"
    verbose_name = "Provision and interventions"

from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """City-scale tooling: a synthetic city generator and the page benchmarks (no models, no pages)."""

    name = "scale"
    verbose_name = "Scale"

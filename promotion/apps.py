from django.apps import AppConfig


class PromotionConfig(AppConfig):
    name = "promotion"
    verbose_name = "Promotion"

    def ready(self) -> None:
        from promotion import receivers  # noqa: F401  (connects the game-finished counter)

"""Admin for players, games and rounds. Rounds are facts of play: shown, never edited here."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from games.models import Game, Player, Round

ROUND_FIELDS = (
    "round_no",
    "player_move",
    "bot_move",
    "result",
    "value_rock",
    "value_paper",
    "value_scissors",
    "player_delta",
    "bot_delta",
    "player_score_after",
    "bot_score_after",
    "is_gambit",
    "prob_rock",
    "prob_paper",
    "prob_scissors",
    "prediction_source",
    "created_at",
)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RoundInline(ReadOnlyMixin, admin.TabularInline):
    model = Round
    fields = ROUND_FIELDS
    readonly_fields = ROUND_FIELDS
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Player)
class PlayerAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "kind", "source", "user", "game_count", "created_at")
    list_filter = ("kind", "source", "created_at")
    search_fields = ("name", "session_id", "user__username")
    readonly_fields = ("created_at",)
    raw_id_fields = ("user",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Player]:
        from django.db.models import Count

        return super().get_queryset(request).annotate(_games=Count("games"))

    @admin.display(description="games", ordering="_games")
    def game_count(self, player: Player) -> int:
        return player._games  # type: ignore[attr-defined]


@admin.register(Game)
class GameAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "player",
        "policy",
        "difficulty_mode",
        "model_alias",
        "model_version",
        "player_score",
        "bot_score",
        "rounds_played",
        "status",
        "winner",
        "is_test",
        "started_at",
    )
    list_filter = (
        "status",
        "winner",
        "policy",
        "family",
        "model_alias",
        "difficulty_mode",
        "is_test",
        "player__kind",
        "started_at",
    )
    search_fields = ("=id", "player__name", "player__session_id", "model_version", "opening")
    list_select_related = ("player",)
    date_hierarchy = "started_at"
    inlines = [RoundInline]


@admin.register(Round)
class RoundAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "game",
        "round_no",
        "player_move",
        "bot_move",
        "result",
        "player_delta",
        "bot_delta",
        "is_gambit",
        "prediction_source",
        "created_at",
    )
    list_filter = ("result", "is_gambit", "prediction_source", "game__policy", "created_at")
    search_fields = ("=game__id", "game__player__name")
    # A round shows as its game, which names its player: one join instead of a query a row.
    list_select_related = ("game", "game__player")
    raw_id_fields = ("game",)
    readonly_fields = ROUND_FIELDS

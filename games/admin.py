"""Admin for players, games and rounds. Rounds are facts of play: shown, never edited here."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from core.admin_toolkit import ReadOnlyMixin
from games.models import Game, Player, Round

NONE = "—"

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
    # The user column would otherwise cost a query a row (the link is nullable, so Django does
    # not join it by itself).
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "games_link")
    raw_id_fields = ("user",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Player]:
        return super().get_queryset(request).annotate(_games=Count("games"))

    @admin.display(description="games", ordering="_games")
    def game_count(self, player: Player) -> str:
        count = player._games  # type: ignore[attr-defined]
        return _link(_changelist("game", player__id__exact=player.pk), count)

    @admin.display(description="their games")
    def games_link(self, player: Player) -> str:
        return _link(_changelist("game", player__id__exact=player.pk), f"games of {player.name}")


@admin.register(Game)
class GameAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "player_link",
        "policy",
        "difficulty_mode",
        "model_alias",
        "version_link",
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
    readonly_fields = ("model_version_page",)
    inlines = [RoundInline]

    @admin.display(description="player", ordering="player__name")
    def player_link(self, game: Game) -> str:
        return _link(reverse("admin:games_player_change", args=[game.player_id]), game.player)

    @admin.display(description="model version", ordering="model_version")
    def version_link(self, game: Game) -> str:
        # The version list filtered to this family and number: a link without a query per row.
        if not game.model_version.isdigit():
            return game.model_version or "frequency baseline"
        url = _changelist(
            "modelversion", app="training", family__exact=game.family, version=game.model_version
        )
        return _link(url, f"v{game.model_version}")

    @admin.display(description="the model version that played")
    def model_version_page(self, game: Game) -> str:
        # By URL alone: games sits below training and reads none of its tables
        # (docs/architecture.md); the registry's admin finds the version by its number.
        if not game.model_version.isdigit():
            return "the frequency baseline (no registry version)"
        url = reverse(
            "admin:training_modelversion_by_number", args=[game.family, int(game.model_version)]
        )
        return _link(url, f"{game.family} v{game.model_version}")


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
    # Rounds are the largest table: one count of the filtered rows, not a second of all of them.
    show_full_result_count = False


def _changelist(model: str, *, app: str = "games", **filters: object) -> str:
    return f"{reverse(f'admin:{app}_{model}_changelist')}?{urlencode(filters)}"


def _link(url: str, text: object) -> str:
    return format_html('<a href="{}">{}</a>', url, text)

"""Forms of the gameplay pages: they check what a browser sends before a service sees it."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from core.vocabulary import FAMILY_BY_POLICY, FEEDFORWARD, MNLOGIT, XGBOOST
from games.engine.history import DifficultyMode
from games.engine.moves import MOVES
from games.models import PlayerKind
from games.player_filters import classify_player_name
from games.services import MAX_NAME_LENGTH

FAMILY_DESCRIPTIONS: dict[str, str] = {
    FEEDFORWARD: "a small neural network (torch MLP)",
    XGBOOST: "gradient-boosted trees (XGBoost)",
    MNLOGIT: "multinomial logistic regression",
}
DIFFICULTY_DESCRIPTIONS: dict[str, str] = {
    DifficultyMode.STANDARD: "the bot plays its best move",
    DifficultyMode.EASY: "the bot often picks a weaker move on purpose",
}
DEFAULT_POLICY = "brian"


@dataclass(frozen=True)
class BotChoice:
    policy: str
    name: str
    family: str
    description: str


@dataclass(frozen=True)
class DifficultyChoice:
    value: str
    label: str
    description: str


def difficulty_choices() -> list[DifficultyChoice]:
    return [
        DifficultyChoice(mode.value, mode.value.capitalize(), DIFFICULTY_DESCRIPTIONS[mode])
        for mode in DifficultyMode
    ]


def bot_choices() -> list[BotChoice]:
    return [
        BotChoice(policy, policy.capitalize(), family, FAMILY_DESCRIPTIONS.get(family, family))
        for policy, family in FAMILY_BY_POLICY.items()
    ]


class StartGameForm(forms.Form):
    policy = forms.ChoiceField(
        choices=[(bot.policy, bot.name) for bot in bot_choices()],
        initial=DEFAULT_POLICY,
        error_messages={"required": "Choose a bot.", "invalid_choice": "Choose a listed bot."},
    )
    difficulty_mode = forms.ChoiceField(
        choices=[(choice.value, choice.label) for choice in difficulty_choices()],
        initial=DifficultyMode.STANDARD.value,
        error_messages={
            "required": "Choose a difficulty.",
            "invalid_choice": "Choose standard or easy.",
        },
    )
    player_name = forms.CharField(max_length=MAX_NAME_LENGTH, required=False, strip=True)

    def clean_player_name(self) -> str:
        name: str = self.cleaned_data["player_name"]
        # A scripted opponent's name would hand this browser the shared opponent's player.
        if name and classify_player_name(name) != PlayerKind.HUMAN:
            raise ValidationError("That name is reserved for simulated players; pick another.")
        return name


class MoveForm(forms.Form):
    move = forms.ChoiceField(
        choices=[(move.value, move.value) for move in MOVES],
        error_messages={
            "required": "Choose rock, paper or scissors.",
            "invalid_choice": "%(value)s is not a move: choose rock, paper or scissors.",
        },
    )
    # The round the page was showing: a repeated submission replays it instead of playing on.
    round_no = forms.IntegerField(
        min_value=1,
        error_messages={"required": "The round number is missing; reload the game page."},
    )

    def error_text(self) -> str:
        return " ".join(str(message) for errors in self.errors.values() for message in errors)

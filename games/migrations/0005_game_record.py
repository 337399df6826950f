"""Each game keeps its rounds so far in one JSON value (games.engine.history_record), and what
its model's last prediction left for the next (model_carry), so a play reads the game row it
locks and not every earlier round.

Active games get their record from their rounds; finished games never play again and keep an
empty one. SQLite adds the column by rebuilding games_game, which its scores trigger would
refuse: the trigger is dropped around the change, as in 0004.
"""

from importlib import import_module

from django.db import migrations, models

_trigger = import_module("games.migrations.0002_scores_equal_rounds_trigger")
_on_sqlite = import_module("games.migrations.0004_round_reading")._on_sqlite


def fill_active_records(apps, schema_editor):
    Game = apps.get_model("games", "Game")
    Round = apps.get_model("games", "Round")
    for game in Game.objects.filter(status="active").only("pk").iterator():
        rounds = Round.objects.filter(game_id=game.pk).order_by("round_no")
        record = [
            [
                r.player_move,
                r.bot_move,
                r.result,
                float(r.value_rock),
                float(r.value_paper),
                float(r.value_scissors),
            ]
            for r in rounds
        ]
        Game.objects.filter(pk=game.pk).update(record=record)


class Migration(migrations.Migration):
    dependencies = [("games", "0004_round_reading")]

    operations = [
        migrations.RunPython(_on_sqlite(_trigger.SQLITE_DROP), _on_sqlite(_trigger.SQLITE_CREATE)),
        migrations.AddField(
            model_name="game",
            name="record",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="game",
            name="model_carry",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(_on_sqlite(_trigger.SQLITE_CREATE), _on_sqlite(_trigger.SQLITE_DROP)),
        migrations.RunPython(fill_active_records, migrations.RunPython.noop),
    ]

"""Each round keeps whom the model read the player as (its mixture's leading experts).

SQLite adds this column by rebuilding games_round, and the scores trigger on games_game (which
reads games_round) would refuse the rebuild: it is dropped around the change and made again.
"""

from importlib import import_module

from django.db import migrations, models

_trigger = import_module("games.migrations.0002_scores_equal_rounds_trigger")


def _on_sqlite(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("games", "0003_legacy_gameplay_schedule")]

    operations = [
        migrations.RunPython(_on_sqlite(_trigger.SQLITE_DROP), _on_sqlite(_trigger.SQLITE_CREATE)),
        migrations.AddField(
            model_name="round",
            name="reading",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(_on_sqlite(_trigger.SQLITE_CREATE), _on_sqlite(_trigger.SQLITE_DROP)),
    ]

"""Drop the two foreign keys' own indexes: a wider index leads with each column already
(game_player_recent with player_id, one_round_per_number with game_id), and every round and
game paid for writing the narrow ones.

Only the indexes are dropped. Django's AlterField would also drop and re-add the foreign keys,
which validates them against every row of the tables: a long lock for no gain."""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {
    "games_round_game_id_33411da0": ("games_round", "game_id"),
    "games_game_player_id_747add80": ("games_game", "player_id"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("games", "0006_round_serving_ms"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="game",
                    name="player",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="games",
                        to="games.player",
                    ),
                ),
                migrations.AlterField(
                    model_name="round",
                    name="game",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rounds",
                        to="games.game",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
                )
                for name, (table, column) in INDEXES.items()
            ],
        ),
    ]

"""A game's scores must always equal the sum of its rounds' points.

A CHECK constraint cannot look at another table, so a trigger guards every write of a game's
scores (both SQLite and PostgreSQL). The play service inserts the round first and then updates
the game in the same transaction, which is exactly the order this check allows.
"""

from django.db import migrations

SQLITE_CREATE = """
CREATE TRIGGER games_game_scores_equal_rounds
BEFORE UPDATE OF player_score, bot_score ON games_game
WHEN abs(NEW.player_score - (SELECT COALESCE(SUM(player_delta), 0) FROM games_round
                             WHERE game_id = NEW.id)) > 0.001
  OR abs(NEW.bot_score - (SELECT COALESCE(SUM(bot_delta), 0) FROM games_round
                          WHERE game_id = NEW.id)) > 0.001
BEGIN
  SELECT RAISE(ABORT, 'game scores must equal the sum of its rounds');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS games_game_scores_equal_rounds;"

POSTGRES_CREATE = """
CREATE FUNCTION games_game_scores_equal_rounds() RETURNS trigger AS $$
DECLARE
  player_sum numeric;
  bot_sum numeric;
BEGIN
  SELECT COALESCE(SUM(player_delta), 0), COALESCE(SUM(bot_delta), 0)
    INTO player_sum, bot_sum FROM games_round WHERE game_id = NEW.id;
  IF NEW.player_score <> player_sum OR NEW.bot_score <> bot_sum THEN
    RAISE EXCEPTION 'game scores must equal the sum of its rounds (game %)', NEW.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER games_game_scores_equal_rounds
BEFORE INSERT OR UPDATE OF player_score, bot_score ON games_game
FOR EACH ROW EXECUTE FUNCTION games_game_scores_equal_rounds();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS games_game_scores_equal_rounds ON games_game;
DROP FUNCTION IF EXISTS games_game_scores_equal_rounds();
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE, params=None)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE, params=None)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP, params=None)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("games", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]

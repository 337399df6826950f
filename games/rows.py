"""The play path's three statements as plain SQL: the game's locked read, the round's insert
and the game's update.

Every other read and write of games goes through the ORM. These three run on every play, and
the ORM compiles each query afresh on every call: measured in process, that compiling cost more
than the database's own work for the three (docs/benchmarks-play.md). The SQL here is written
once per shape; values still pass through each field's own preparation and converters, as the
ORM would pass them, so the rows read and written are the ones the ORM reads and writes (a test
holds the two side by side), on PostgreSQL and SQLite alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.db.models.expressions import Col
from django.db.transaction import TransactionManagementError

from games.models import Game, Player, Round

Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]


@dataclass(frozen=True)
class Asker:
    """Who may play a game, as the locked read's filter.

    ``player``: the game must be this player's. ``session``: the player owning this session id.
    ``anonymous``: a client naming the game by id alone, refused games of a signed-in user or of
    a browser session. ``trusted``: any game (the simulator)."""

    kind: Literal["player", "session", "anonymous", "trusted"]
    value: int | str | None = None


def _quoted(connection: BaseDatabaseWrapper, name: str) -> str:
    return connection.ops.quote_name(name)


@cache
def _columns(model: type[Model]) -> tuple[Field[Any, Any], ...]:
    return tuple(model._meta.concrete_fields)


@cache
def _attnames(model: type[Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in _columns(model))


@cache
def _written_on_insert(model: type[Model]) -> tuple[Field[Any, Any], ...]:
    """Every column but the id, which the database assigns."""
    return tuple(f for f in _columns(model) if not f.primary_key)


# The SQL builders below take the database's vendor only as their cache's key: the text differs
# between SQLite and PostgreSQL (quoting, locking, RETURNING).
@cache
def _lock_sql(vendor: str, kind: str) -> str:
    """SELECT every column of the game under its row lock, filtered for the asker; parameters:
    the game id, then the asker's value when it has one."""
    connection = connections[DEFAULT_DB_ALIAS]
    game, player = Game._meta.db_table, Player._meta.db_table
    columns = ", ".join(f"g.{_quoted(connection, f.column)}" for f in _columns(Game))
    join = f" JOIN {_quoted(connection, player)} p ON p.id = g.player_id"
    where = {
        "player": ("", " AND g.player_id = %s"),
        "session": (join, " AND p.session_id = %s"),
        # A game is the asker's only if no signed-in user or browser holds it.
        "anonymous": (join, " AND p.user_id IS NULL AND p.source <> 'web'"),
        "trusted": ("", ""),
    }[kind]
    features = connection.features
    # SQLite has no row locks: its writers queue on the database's one write lock instead.
    lock = (
        " FOR UPDATE OF g"
        if features.has_select_for_update_of
        else " FOR UPDATE"
        if features.has_select_for_update
        else ""
    )
    table = _quoted(connection, game)
    return f"SELECT {columns} FROM {table} g{where[0]} WHERE g.id = %s{where[1]}{lock}"


@cache
def _converters(vendor: str, model: type[Model]) -> tuple[tuple[int, Col, list[Converter]], ...]:
    """Per column, what the ORM would apply to a fetched value (the backend's converters, then
    the field's own, e.g. JSON decoding), for the columns that have any."""
    connection = connections[DEFAULT_DB_ALIAS]
    found = []
    for index, field in enumerate(_columns(model)):
        column = field.get_col(model._meta.db_table)
        steps = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if steps:
            found.append((index, column, steps))
    return tuple(found)


def game_lock(*, game_id: int, asker: Asker) -> Game | None:
    """The game under its row lock (until the transaction ends), or None when there is no such
    game or the asker may not play it. Call inside ``transaction.atomic``."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:  # outside one, the lock would end with the statement
        raise TransactionManagementError("game_lock must run inside transaction.atomic")
    lowest, highest = connection.ops.integer_field_range(Game._meta.pk.get_internal_type())
    if not lowest <= game_id <= highest:  # no such id can exist; the database would refuse it
        return None
    params: list[Any] = [game_id] if asker.value is None else [game_id, asker.value]
    with connection.cursor() as cursor:
        cursor.execute(_lock_sql(connection.vendor, asker.kind), params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, column, steps in _converters(connection.vendor, Game):
        for convert in steps:
            values[index] = convert(values[index], column, connection)
    return Game.from_db(connection.alias, _attnames(Game), values)


@cache
def _insert_sql(vendor: str) -> tuple[str, bool]:
    connection = connections[DEFAULT_DB_ALIAS]
    columns = ", ".join(_quoted(connection, f.column) for f in _written_on_insert(Round))
    marks = ", ".join("%s" for _ in _written_on_insert(Round))
    returning = connection.features.can_return_columns_from_insert
    sql = f"INSERT INTO {_quoted(connection, Round._meta.db_table)} ({columns}) VALUES ({marks})"
    return (f"{sql} RETURNING {_quoted(connection, 'id')}" if returning else sql), returning


def round_insert(*, played: Round) -> Round:
    """Insert ``played`` (a new, unsaved round) and give it its id, as ``save()`` would:
    auto_now_add stamps and each field's preparation, but in one fixed statement."""
    connection = connections[DEFAULT_DB_ALIAS]
    sql, returning = _insert_sql(connection.vendor)
    values = [
        field.get_db_prep_save(field.pre_save(played, True), connection)
        for field in _written_on_insert(Round)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        played.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    played._state.adding, played._state.db = False, connection.alias
    return played


def game_update(*, game: Game, fields: Sequence[str]) -> None:
    """Write ``fields`` of the locked ``game`` (auto_now stamps included), as
    ``save(update_fields=...)`` would."""
    connection = connections[DEFAULT_DB_ALIAS]
    chosen = [f for f in _columns(Game) if f.name in fields]
    if len(chosen) != len(set(fields)):
        raise ValueError(f"not columns of a game: {sorted(set(fields) - {f.name for f in chosen})}")
    assignments = ", ".join(f"{_quoted(connection, f.column)} = %s" for f in chosen)
    values = [f.get_db_prep_save(f.pre_save(game, False), connection) for f in chosen]
    table, key = _quoted(connection, Game._meta.db_table), _quoted(connection, "id")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {assignments} WHERE {key} = %s", [*values, game.pk])
        if cursor.rowcount != 1:  # the row is locked by this transaction: it cannot be gone
            raise Game.DoesNotExist(f"game {game.pk} vanished under its own lock")

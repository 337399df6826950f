"""The operator's door to the model registry: ``manage.py registry ACTION``.

Reading: ``list``, ``info``, ``compare``, ``history``. Writing, each through one service and so
with the same checks as every other mover: ``promote``, ``archive``, ``rollback``, ``sync``.
Examples::

    manage.py registry list --family mnlogit
    manage.py registry info mnlogit 3 --json
    manage.py registry compare mnlogit 2 3
    manage.py registry promote mnlogit 3 --alias B --note "beats v2 on the backtest"
    manage.py registry rollback mnlogit --alias Production
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable, Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.vocabulary import ALIASES, FAMILIES, PRODUCTION
from training.models import AliasChange, AliasChangeReason, ModelVersion, Stage
from training.registry import selectors, services
from training.registry import store as registry

NONE = "—"


def default_actor() -> str:
    try:
        return getpass.getuser() or "cli"
    except Exception:  # no user name in some containers
        return "cli"


def version_number(text: str) -> int:
    """A version as people type it: ``3`` or ``v3``."""
    try:
        number = int(text.strip().lower().removeprefix("v"))
    except ValueError:
        raise CommandError(f"{text!r} is not a version number (e.g. 3 or v3)") from None
    if number < 1:
        raise CommandError(f"version numbers start at 1, got {number}")
    return number


def checked_family(name: str) -> str:
    if name not in FAMILIES:
        raise CommandError(f"unknown family {name!r}: expected one of {', '.join(FAMILIES)}")
    return name


def checked_alias(name: str) -> str:
    by_lower = {alias.lower(): alias for alias in ALIASES}
    alias = by_lower.get(name.strip().lower())
    if alias is None:
        raise CommandError(f"unknown alias {name!r}: expected one of {', '.join(ALIASES)}")
    return alias


def checked_version(family: str, text: str) -> ModelVersion:
    number = version_number(text)
    version = selectors.version_get(family=checked_family(family), version=number)
    if version is None:
        known = list(
            selectors.versions_of(family=family).values_list("version", flat=True).reverse()
        )
        listed = ", ".join(str(v) for v in known) if known else "none yet"
        raise CommandError(f"{family} has no version {number} (known: {listed})")
    return version


def when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else NONE


def number(value: Any, digits: int = 4) -> str:
    if isinstance(value, bool) or value is None:
        return NONE if value is None else str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value and abs(value) < 10**-digits:
            return f"{value:.3g}"  # a tolerance or learning rate, not zero
        return f"{value:.{digits}f}"
    return str(value)


def difference(first: Any, second: Any) -> str:
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (first, second)):
        return NONE
    if isinstance(first, int) and isinstance(second, int):
        return f"{second - first:+d}"
    return f"{second - first:+.4f}"


def gates_word(passed: bool | None) -> str:
    return {True: "passed", False: "failed", None: "not run"}[passed]


def gate_summary(result: Any) -> str:
    """One line per gate: passed or failed, then its scalar figures (nested tables counted)."""
    if not isinstance(result, dict):
        return str(result)
    parts = [gates_word(result.get("passed"))]
    for key, value in result.items():
        if key == "passed":
            continue
        if isinstance(value, dict):
            parts.append(f"{key}: {len(value)} entries")
        else:
            parts.append(f"{key}={number(value, 3)}")
    return ", ".join(parts)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)
    ]
    lines = [headers, *rows]
    return "\n".join(
        "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def version_label(version: ModelVersion | None) -> str:
    return f"v{version.version}" if version else NONE


def version_details(version: ModelVersion, aliases: list[str]) -> dict[str, Any]:
    return {
        "family": version.family,
        "version": version.version,
        "registered_model": version.registered_model,
        "stage": version.stage,
        "stage_reason": version.stage_reason,
        "aliases": aliases,
        "gates_passed": version.gates_passed,
        "gate_results": version.gate_results,
        "metrics": version.metrics,
        "sample_counts": version.sample_counts,
        "config": version.config,
        "sha256": version.sha256,
        "run_id": version.run_id,
        "source_uri": version.source_uri,
        "feature_contract_version": version.feature_contract_version,
        "created_at": version.created_at.isoformat(),
        "stage_changed_at": version.stage_changed_at.isoformat(),
    }


def aliases_of(version: ModelVersion) -> list[str]:
    return selectors.aliases_by_version(family=version.family).get(version.pk, [])


class Command(BaseCommand):
    help = "List, inspect, compare, promote, archive, roll back and sync registered model versions."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        listing = actions.add_parser("list", help="Every version, newest first per family.")
        listing.add_argument("--family", help="Only this family.")

        info = actions.add_parser("info", help="Everything the mirror knows about a version.")
        info.add_argument("family")
        info.add_argument("version")
        info.add_argument("--json", action="store_true", help="Print JSON instead of text.")

        compare = actions.add_parser("compare", help="Two versions of a family side by side.")
        compare.add_argument("family")
        compare.add_argument("first")
        compare.add_argument("second")

        history = actions.add_parser("history", help="The alias-change audit trail, newest first.")
        history.add_argument("--family", help="Only this family.")
        history.add_argument("--limit", type=int, default=20, help="How many changes (20).")

        promote = actions.add_parser("promote", help="Point an alias at a version.")
        promote.add_argument("family")
        promote.add_argument("version")
        promote.add_argument("--alias", required=True, help=", ".join(ALIASES))
        self._add_who(promote)

        archive = actions.add_parser("archive", help="Archive a version that holds no alias.")
        archive.add_argument("family")
        archive.add_argument("version")
        archive.add_argument("--reason", default="", help="Why (kept with the stage).")
        archive.add_argument("--actor", default=None, help="Who (default: the OS user).")

        rollback = actions.add_parser(
            "rollback", help="Point an alias back at the version it held before its last change."
        )
        rollback.add_argument("family")
        rollback.add_argument("--alias", default=PRODUCTION, help=f"Default {PRODUCTION}.")
        rollback.add_argument("--to", default=None, help="This version instead.")
        self._add_who(rollback)

        sync = actions.add_parser("sync", help="Repair the mirror from the registry.")
        sync.add_argument("--family", help="Only this family.")
        sync.add_argument("--actor", default=None, help="Who (default: the OS user).")

    @staticmethod
    def _add_who(parser: CommandParser) -> None:
        parser.add_argument("--actor", default=None, help="Who (default: the OS user).")
        parser.add_argument("--note", default="", help="Kept in the audit trail.")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers: dict[str, Callable[[dict[str, Any]], None]] = {
            "list": self.list_versions,
            "info": self.info,
            "compare": self.compare,
            "history": self.history,
            "promote": self.promote,
            "archive": self.archive,
            "rollback": self.rollback,
            "sync": self.sync,
        }
        try:
            handlers[options["action"]](options)
        except (
            services.AliasMoveFailed,
            services.RegistryActionRefused,
            registry.RegistryUnavailable,
        ) as error:
            raise CommandError(str(error)) from None

    # --- reading ---------------------------------------------------------------------------

    def list_versions(self, options: dict[str, Any]) -> None:
        family = checked_family(options["family"]) if options["family"] else None
        versions = list(selectors.versions_of(family=family))
        if not versions:
            self.stdout.write("No versions registered" + (f" for {family}." if family else "."))
            return
        held = selectors.aliases_by_version(family=family)
        rows = [
            [
                v.family,
                str(v.version),
                v.stage,
                ", ".join(held.get(v.pk, [])) or NONE,
                gates_word(v.gates_passed),
                number(v.metrics.get("holdout_accuracy")),
                when(v.created_at),
            ]
            for v in versions
        ]
        headers = ["family", "version", "stage", "aliases", "gates", "hold-out acc", "created"]
        self.stdout.write(table(headers, rows))

    def info(self, options: dict[str, Any]) -> None:
        version = checked_version(options["family"], options["version"])
        details = version_details(version, aliases_of(version))
        if options["json"]:
            self.stdout.write(json.dumps(details, indent=2, sort_keys=True))
            return
        out = self.stdout.write
        out(f"{version.registered_model} v{version.version} ({version.family})")
        stage = version.stage + (f" ({version.stage_reason})" if version.stage_reason else "")
        facts = [
            ("stage", stage),
            ("aliases held", ", ".join(details["aliases"]) or NONE),
            ("gates", gates_word(version.gates_passed)),
            ("created", when(version.created_at)),
            ("stage changed", when(version.stage_changed_at)),
            ("run id", version.run_id or NONE),
            ("source", version.source_uri or NONE),
            ("sha256", version.sha256 or NONE),
            ("feature contract", version.feature_contract_version or NONE),
        ]
        for label, value in facts:
            out(f"  {label + ':':<18}{value}")
        for title, values in (
            ("Metrics", version.metrics),
            ("Sample counts", version.sample_counts),
            ("Config", version.config),
        ):
            out(f"{title}:")
            if not values:
                out(f"  {NONE}")
            for key in sorted(values):
                shown = json.dumps(values[key]) if values is version.config else number(values[key])
                out(f"  {key:<28}{shown}")
        out("Gate results:")
        if not version.gate_results:
            out(f"  {NONE}")
        for gate, result in version.gate_results.items():
            out(f"  {gate:<22}{gate_summary(result)}")

    def compare(self, options: dict[str, Any]) -> None:
        first = checked_version(options["family"], options["first"])
        second = checked_version(options["family"], options["second"])
        if first.pk == second.pk:
            raise CommandError("compare needs two different versions")
        a, b = f"v{first.version}", f"v{second.version}"
        out = self.stdout.write
        out(f"{first.family}: {a} against {b}")
        out("")
        for title, left, right in (
            ("metric", first.metrics, second.metrics),
            ("sample count", first.sample_counts, second.sample_counts),
        ):
            rows = []
            for key in sorted(set(left) | set(right)):
                x, y = left.get(key), right.get(key)
                rows.append([key, number(x), number(y), difference(x, y)])
            out(table([title, a, b, f"{b} minus {a}"], rows) if rows else f"(no {title}s)")
            out("")
        rows = [
            [
                gate,
                gates_word(first.gate_results.get(gate, {}).get("passed")),
                gates_word(second.gate_results.get(gate, {}).get("passed")),
            ]
            for gate in sorted(set(first.gate_results) | set(second.gate_results))
        ]
        rows.append(
            ["(all gates)", gates_word(first.gates_passed), gates_word(second.gates_passed)]
        )
        out(table(["gate", a, b], rows))
        out("")
        held = selectors.aliases_by_version(family=first.family)
        out(
            table(
                ["", a, b],
                [
                    ["stage", first.stage, second.stage],
                    [
                        "aliases",
                        ", ".join(held.get(first.pk, [])) or NONE,
                        ", ".join(held.get(second.pk, [])) or NONE,
                    ],
                    ["created", when(first.created_at), when(second.created_at)],
                ],
            )
        )

    def history(self, options: dict[str, Any]) -> None:
        family = checked_family(options["family"]) if options["family"] else None
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1")
        changes: list[AliasChange] = list(
            selectors.alias_history(family=family, limit=options["limit"])
        )
        if not changes:
            self.stdout.write("No alias changes recorded" + (f" for {family}." if family else "."))
            return
        rows = [
            [
                when(c.created_at),
                c.family,
                c.alias,
                f"{version_label(c.from_version)} → {version_label(c.to_version)}",
                c.reason,
                c.actor,
                c.note,
            ]
            for c in changes
        ]
        headers = ["time", "family", "alias", "from → to", "reason", "actor", "note"]
        self.stdout.write(table(headers, rows))

    # --- writing ---------------------------------------------------------------------------

    def promote(self, options: dict[str, Any]) -> None:
        version = checked_version(options["family"], options["version"])
        alias = checked_alias(options["alias"])
        before = selectors.alias_map(family=version.family).get(alias)
        changes = services.aliases_move(
            family=version.family,
            moves={alias: version},
            reason=AliasChangeReason.MANUAL_PROMOTE,
            actor=options["actor"] or default_actor(),
            note=options["note"],
        )
        if not changes:
            self.stdout.write(f"{version.family}@{alias} already points at v{version.version}.")
            return
        self._report_move(version.family, alias, before, version)

    def archive(self, options: dict[str, Any]) -> None:
        version = checked_version(options["family"], options["version"])
        if version.stage == Stage.ARCHIVED:
            self.stdout.write(f"{version.label} is already archived.")
            return
        archived = services.version_archive(
            version=version, actor=options["actor"] or default_actor(), reason=options["reason"]
        )
        self.stdout.write(
            self.style.SUCCESS(f"{archived.label} archived ({archived.stage_reason}).")
        )

    def rollback(self, options: dict[str, Any]) -> None:
        family = checked_family(options["family"])
        alias = checked_alias(options["alias"])
        target = checked_version(family, options["to"]) if options["to"] else None
        before = selectors.alias_map(family=family).get(alias)
        changes = services.alias_rollback(
            family=family,
            alias=alias,
            actor=options["actor"] or default_actor(),
            to_version=target,
            note=options["note"],
        )
        moved_to = changes[0].to_version if changes else target
        self._report_move(family, alias, before, moved_to)

    def _report_move(
        self,
        family: str,
        alias: str,
        before: ModelVersion | None,
        after: ModelVersion | None,
    ) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"{family}@{alias}: {version_label(before)} → {version_label(after)}"
            )
        )
        held = selectors.aliases_by_version(family=family)
        for version in (before, after):
            if version is not None:
                version.refresh_from_db()
                aliases = ", ".join(held.get(version.pk, [])) or "no alias"
                self.stdout.write(f"  v{version.version}: {version.stage}, holds {aliases}")

    def sync(self, options: dict[str, Any]) -> None:
        families = [checked_family(options["family"])] if options["family"] else list(FAMILIES)
        for family in families:
            before = selectors.alias_versions(family=family)
            repaired = services.registry_sync(
                family=family, actor=options["actor"] or default_actor()
            )
            if not repaired["versions"] and not repaired["aliases"]:
                self.stdout.write(f"{family}: in sync")
                continue
            after = selectors.alias_versions(family=family)
            if repaired["versions"]:
                self.stdout.write(
                    self.style.WARNING(
                        f"{family}: added versions {', '.join(repaired['versions'])} found only "
                        "in the registry (marked rejected)"
                    )
                )
            for alias in repaired["aliases"]:
                was, now = before.get(alias), after.get(alias)
                self.stdout.write(
                    self.style.WARNING(
                        f"{family}@{alias}: mirror had {f'v{was}' if was else NONE}, "
                        f"registry has {f'v{now}' if now else NONE}; mirror repaired"
                    )
                )

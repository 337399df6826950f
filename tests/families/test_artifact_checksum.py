from __future__ import annotations

import os
from pathlib import Path

import pytest

from training.registry.checksum import artifact_sha256


def write(directory: Path, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return directory


FILES = {"meta.json": b'{"a": 1}\n', "weights.pt": b"\x00\x01\x02", "nested/extra.bin": b"xyz"}


def test_the_digest_ignores_write_order_and_modification_times(tmp_path: Path) -> None:
    first = write(tmp_path / "first", FILES)
    second = write(tmp_path / "second", dict(reversed(list(FILES.items()))))
    os.utime(second / "weights.pt", (1_000_000, 1_000_000))
    digest = artifact_sha256(first)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert artifact_sha256(second) == digest


def test_one_changed_byte_changes_the_digest(tmp_path: Path) -> None:
    original = artifact_sha256(write(tmp_path / "a", FILES))
    changed = artifact_sha256(write(tmp_path / "b", {**FILES, "weights.pt": b"\x00\x01\x03"}))
    assert changed != original


def test_a_renamed_file_changes_the_digest(tmp_path: Path) -> None:
    original = artifact_sha256(write(tmp_path / "a", FILES))
    renamed = dict(FILES)
    renamed["model.pt"] = renamed.pop("weights.pt")
    assert artifact_sha256(write(tmp_path / "b", renamed)) != original


def test_bytes_shifted_between_a_name_and_its_content_change_the_digest(tmp_path: Path) -> None:
    """Plainly concatenated, both would read "ab": the lengths keep them apart."""
    short_name = artifact_sha256(write(tmp_path / "a", {"a": b"b"}))
    long_name = artifact_sha256(write(tmp_path / "b", {"ab": b""}))
    assert short_name != long_name


def test_bytes_moved_from_one_file_into_the_next_change_the_digest(tmp_path: Path) -> None:
    before = artifact_sha256(write(tmp_path / "a", {"x": b"12", "y": b"3"}))
    after = artifact_sha256(write(tmp_path / "b", {"x": b"1", "y": b"23"}))
    assert before != after


def test_files_in_subdirectories_count(tmp_path: Path) -> None:
    original = artifact_sha256(write(tmp_path / "a", FILES))
    nested_changed = artifact_sha256(write(tmp_path / "b", {**FILES, "nested/extra.bin": b"xyZ"}))
    assert nested_changed != original


def test_a_missing_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        artifact_sha256(tmp_path / "absent")

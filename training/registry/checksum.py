"""A fingerprint of a model artifact directory, checked again whenever a model is loaded."""

from __future__ import annotations

import hashlib
from pathlib import Path

_CHUNK = 1 << 20


def artifact_sha256(directory: Path) -> str:
    """SHA-256 over every file's relative path and bytes, in sorted path order.

    Only names and contents count (not mtimes, permissions or listing order). Each path and each
    file is length-prefixed, so moving bytes from one file into another changes the digest.
    """
    root = Path(directory)
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a directory")
    files = sorted(
        (path.relative_to(root).as_posix(), path) for path in root.rglob("*") if path.is_file()
    )
    digest = hashlib.sha256()
    for relative, path in files:
        name = relative.encode("utf-8")
        digest.update(len(name).to_bytes(8, "big"))
        digest.update(name)
        digest.update(path.stat().st_size.to_bytes(8, "big"))
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()

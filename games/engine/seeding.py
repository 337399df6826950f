"""Reproducible randomness: every random choice is seeded from what identifies it.

A web request has no memory of the last one, so a bot or simulated player cannot carry a random
generator across rounds; instead each choice derives its own generator from stable keys.
"""

from __future__ import annotations

import hashlib
import random


def seeded_rng(*keys: object) -> random.Random:
    digest = hashlib.sha256(":".join(str(k) for k in keys).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def stable_fraction(*keys: object) -> float:
    """A number in [0, 1) fixed by the keys: for hash splits such as A/B assignment."""
    digest = hashlib.sha256(":".join(str(k) for k in keys).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64

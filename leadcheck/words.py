"""Small helpers for messages in plain English."""

from __future__ import annotations


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 day`, `3 days`; irregular plurals as `words`."""
    return f"{count} {word if count == 1 else (words or word + 's')}"

"""The exceptions leadcheck raises on purpose, each meaning one thing to callers."""

from __future__ import annotations


class ConfigError(ValueError):
    """Settings that cannot be used: an unknown rule, parameter or key, or a bad value.

    Raised by `leadcheck.audit()` and the engine before any rule runs; the CLI
    reports it as a usage error (exit 2). The message names the rule, the
    parameter and, when the settings came from a file, the file and line.
    """


class UsageError(Exception):
    """A problem with how leadcheck was called: the CLI exits 2 with one line on stderr."""

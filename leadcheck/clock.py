"""The one place leadcheck reads the clock.

Only the as-of date's age (LC009) and a plan without any as-of date depend on
the day leadcheck runs. The CLI passes `today()` into the engine's options;
tests replace this function to fix the day.
"""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    """Today's date, from the system clock."""
    return dt.date.today()

"""The calendar the services book on: China Standard Time (UTC+8), without daylight saving.

Civil-affairs work is dated by the local calendar: a service record made at 07:30 in Guizhou is
today's, not yesterday's as UTC would have it; a need's window ends on a Chinese date; a fund's
period closes on one. Every "today" in the services comes from here.
"""

from __future__ import annotations

import datetime as dt

#: China Standard Time.
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")


def china_today() -> dt.date:
    """Today's date in China."""
    return dt.datetime.now(CHINA).date()

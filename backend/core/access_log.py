"""Keeps secrets in URLs out of the access log: the private calendar feed's token.

uvicorn logs each request as `%s - "%s %s HTTP/%s" %d` with the path in `args[2]`; a
filter on its access logger rewrites the token before any handler formats the line.
"""

import logging
import re

ACCESS_LOGGER = "uvicorn.access"
CALENDAR_TOKEN = re.compile(r"(/calendar/)[^/?#\s]+?(\.ics)")
REDACTED = r"\1[dolt]\2"


class RedactCalendarTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3:
            args = list(record.args)
            args[2] = CALENDAR_TOKEN.sub(REDACTED, str(args[2]))
            record.args = tuple(args)
        return True


def redact_access_log() -> None:
    """Install the filter on uvicorn's access logger (once per process)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactCalendarTokens) for f in logger.filters):
        logger.addFilter(RedactCalendarTokens())

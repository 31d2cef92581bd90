"""The one timestamp rule of every backend: never the clock, so output is reproducible."""

from __future__ import annotations

import datetime
import os

from ..errors import RenderError

MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last moment PDF and W3CDTF dates can say


def document_timestamp(date: datetime.date | None) -> datetime.datetime | None:
    """The date written into a file's properties, or None: then the file says no date at all.

    The brief's own date wins (it is what the document is about); without one,
    SOURCE_DATE_EPOCH; else None, since a made-up date would be read as the brief's (the clock
    would also make builds differ). A malformed SOURCE_DATE_EPOCH is an error even when the
    date wins, so a broken build environment is noticed.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    epoch = None
    if value:
        try:
            epoch = int(value)
        except ValueError:
            raise RenderError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not "
                              f"{value!r}") from None
        if not 0 <= epoch <= MAX_EPOCH:
            raise RenderError(f"SOURCE_DATE_EPOCH is out of range: {value}")
    if date is not None:
        return datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.timezone.utc)
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc)
    return None

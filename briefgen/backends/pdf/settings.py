"""ReportLab's safety settings, pinned before anything is drawn."""

from __future__ import annotations

import threading

_CONFIGURED = False
_LOCK = threading.Lock()


def configure_reportlab() -> None:
    """Pin ReportLab's safety settings, whatever RL_* environment variables say."""
    global _CONFIGURED
    with _LOCK:
        if _CONFIGURED:
            return
        from reportlab import rl_config

        rl_config.trustedHosts = None  # no host may be fetched from (e.g. <img src> in markup)
        rl_config.trustedSchemes = []  # and no URL scheme either
        rl_config.toColorCanUse = None  # colour strings are never evaluated as expressions
        rl_config.useA85 = 0  # binary streams: smaller files, and ~15% less time spent encoding
        rl_config.ttfAsciiReadable = 1  # font subsets (so the output bytes) never depend on RL_*
        from .shaping import install

        install()  # ReportLab's shaping mended: words in two fonts, marks, the text layer
        _CONFIGURED = True


configure_reportlab()  # on import: nothing may run with ReportLab's environment-given settings

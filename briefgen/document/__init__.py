"""The format-neutral document model and the layout step that builds it from a spec."""

from .nodes import *  # noqa: F401,F403

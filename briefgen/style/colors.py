"""Arithmetic on '#RRGGBB' colours: WCAG luminance and contrast, and the more legible ink."""

from __future__ import annotations


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of '#RRGGBB' (0 black to 1 white)."""
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two '#RRGGBB' colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def most_legible(background: str, *inks: str) -> str:
    """The ink of `inks` that stands out most on `background`."""
    return max(inks, key=lambda ink: contrast(ink, background))

"""The council's colour, from configuration, checked for contrast and served as a tiny stylesheet (the CSP allows
no inline styles)."""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST_WITH_WHITE = 4.5  # WCAG 2.2 AA for normal text: the header's name is white on this colour


def _luminance(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast_with_white(hex_colour):
    return 1.05 / (_luminance(hex_colour) + 0.05)


def check_council_colour(colour):
    """Refuse, at start-up, a colour that is not #rrggbb or that white text cannot be read on."""
    if not HEX_COLOUR.match(colour or ""):
        raise RuntimeError(f"COUNCIL_COLOUR must look like #0b0c0c, not {colour!r}")
    if contrast_with_white(colour) < MIN_CONTRAST_WITH_WHITE:
        raise RuntimeError(
            f"COUNCIL_COLOUR {colour} gives white text a contrast of {contrast_with_white(colour):.1f}:1; "
            f"it needs at least {MIN_CONTRAST_WITH_WHITE}:1"
        )
    return colour


def stylesheet(colour):
    return f".portal-header{{background-color:{colour}}}\n"

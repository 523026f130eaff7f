"""What the shopper is shown during a liveness check: the challenges, their prompts and the
screen-light colours, and which sets of challenges a store may choose. Light to import (no numpy),
so a kiosk's screens and its settings check load without the checks themselves."""

from __future__ import annotations

from enum import StrEnum
from typing import Sequence


class Challenge(StrEnum):
    BLINK = "blink"
    TURN_LEFT = "turn_left"  # the shopper's own left
    TURN_RIGHT = "turn_right"


TURNS = (Challenge.TURN_LEFT, Challenge.TURN_RIGHT)


# In English: an application shows them in the shopper's language from its own catalogue (this
# package knows nothing of it).
PROMPTS: dict[str, str] = {
    "calibrating": "Look straight at the camera",
    "neutral": "Look straight at the camera again",
    Challenge.BLINK: "Blink",
    Challenge.TURN_LEFT: "Turn your head slowly to your left",
    Challenge.TURN_RIGHT: "Turn your head slowly to your right",
    # A step-up (weak evidence asked for one more turn): shown while the face comes back to the front.
    "step_up": "One more step: look straight at the camera",
    # The screen-light check (liveness.flash), when a store has turned it on.
    "flash": "Keep looking at the screen",
}

# The screen cues a store may set a line for (liveness.fusion.ScreenThresholds has one field each).
SCREEN_CUES = ("moire", "flat_range", "border", "glare", "rigid_border")

# The screen-light check's colours (liveness.flash), as BGR.
COLOURS: dict[str, tuple[int, int, int]] = {"red": (0, 0, 255), "green": (0, 255, 0), "blue": (255, 0, 0)}


def policy_problem(pool: Sequence[Challenge], count: int) -> str | None:
    """Why drawing `count` challenges from `pool` could give a session a recording can answer,
    or None. A recording of someone blinking answers a blink; a clip turning one way answers a turn
    to that side only if the side is known. So both turns must be in the pool, and every draw must
    hold at least one of them."""
    kinds = set(pool)
    if len(kinds) != len(pool):
        return "a challenge is listed twice"
    if not 1 <= count <= len(kinds):
        return f"{count} challenges cannot be drawn from {len(kinds)} kinds"
    if not set(TURNS) <= kinds:
        return "both turn_left and turn_right must be in the set: with one, a recording knows the side"
    others = len(kinds - set(TURNS))
    if count <= others:
        return f"drawing {count} of {len(kinds)} can leave out both turns: draw at least {others + 1}"
    return None

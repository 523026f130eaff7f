"""What the shopper is shown during a liveness check: the challenges, their prompts and the
screen-light colours. Light to import (no numpy), so a kiosk's screens load without the checks."""

from __future__ import annotations

from enum import StrEnum


class Challenge(StrEnum):
    BLINK = "blink"
    TURN_LEFT = "turn_left"  # the shopper's own left
    TURN_RIGHT = "turn_right"


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

# The screen-light check's colours (liveness.flash), as BGR.
COLOURS: dict[str, tuple[int, int, int]] = {"red": (0, 0, 255), "green": (0, 255, 0), "blue": (255, 0, 0)}

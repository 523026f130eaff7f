"""Why a capture cannot be used, and what the shopper is told to put it right. Light to import
(no numpy), so the kiosk's screens and its voice load without the vision code."""

from __future__ import annotations

from enum import StrEnum

from pos_app.core.catalogue import translate


class QualityReason(StrEnum):
    """Why a capture cannot be used; the UI turns each into a plain instruction."""

    NO_FACE = "no_face"
    ANOTHER_FACE = "another_face"
    TOO_SMALL = "too_small"
    TOO_BLURRY = "too_blurry"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    HEAD_TURNED = "head_turned"
    HEAD_TILTED = "head_tilted"
    CUT_OFF = "cut_off"
    EYES_CLOSED = "eyes_closed"
    # The face sits low in the picture and runs off its bottom edge, or looks up at it: a seated
    # shopper (a wheelchair user, a child) below a camera set for standing height.
    FACE_LOW = "face_low"


R = QualityReason

# What the shopper is told for each reason, in the screen's language.
INSTRUCTIONS: dict[QualityReason, str] = {
    R.NO_FACE: "Look at the camera",
    R.ANOTHER_FACE: "Only one person in front of the camera, please",
    R.TOO_SMALL: "Too far away: come closer",
    R.TOO_BLURRY: "Hold still",
    R.TOO_DARK: "More light, please: face the light",
    R.TOO_BRIGHT: "Too bright: step out of the glare",
    R.HEAD_TURNED: "Look straight at the camera",
    R.HEAD_TILTED: "Hold your head straight",
    R.CUT_OFF: "Move to the middle of the picture",
    R.EYES_CLOSED: "Keep your eyes open",
    R.FACE_LOW: "You are low in the picture: tilt the screen down towards you",
}


def instruction(reason: QualityReason, language: str = "en") -> str:
    return translate(INSTRUCTIONS[reason], language)

"""What the kiosk shows: the checkout's stages, the screen the flow hands the UI, and the plain
words for each outcome. Light to import (no numpy, database or models), so the kiosk's window
paints its idle screen before the flow (flows/checkout) and its models are loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pos_app.core.catalogue import translate
from pos_app.core.money import Money


class Stage(StrEnum):
    IDLE = "idle"
    AMOUNT_DUE = "amount_due"
    LOCKED = "locked"
    CLAIM = "claim"
    CAPTURE = "capture"
    VERIFYING = "verifying"  # the liveness check is done: call decide() (verification and the bank)
    APPROVED = "approved"
    DECLINED = "declined"
    ERROR = "error"
    ANOTHER_WAY = "another_way"
    CANCELLED = "cancelled"


FINAL = frozenset({Stage.APPROVED, Stage.DECLINED, Stage.ERROR, Stage.ANOTHER_WAY, Stage.CANCELLED})

# What the shopper reads: plain words, never an internal code.
MESSAGES: dict[str, str] = {
    "insufficient_funds": "There is not enough money in the account.",
    "account_blocked": "The bank has blocked this account.",
    "token_revoked": "The bank link is no longer valid; please visit the service desk.",
    "limit_exceeded": "The amount is above the account's limit.",
    "suspected_fraud": "The bank declined the payment. Please contact your bank.",
    "pass_not_valid": "This FacePay pass could not be used.",
    "enrol_again": "Your FacePay enrolment needs renewing at the service desk. Please pay another way today.",
    "no_bank_link": "No bank account is linked to this pass.",
    "unknown_phone": "No FacePay customer has this phone number.",
    "not_live": "We could not see that a live person is in front of the camera.",
    "unclear_face": "We could not see your face clearly enough. Face the light, come a little closer, "
                    "and try again, or pay another way.",
    "try_again": "That did not work. Try again, or pay another way.",
    # Why a face check did not pass, in plain words; a first failure offers one new try.
    "challenge_timeout": "We did not see the movement we asked for in time. You can try once more with a "
                         "different movement, or pay another way.",
    "face_lost": "Your face left the camera's view, or someone else came close. You can try once more, "
                 "or pay another way.",
    "step_up_unanswered": "We asked for one more turn of the head and did not see it. You can try once "
                          "more, or pay another way.",
    "face_check_last": "The face check did not work this time. Please pay another way; staff can help.",
    "face_mismatch": "We could not confirm that it is you. Please pay another way.",
    "bank_unavailable": "The bank did not answer. You have not been charged twice; staff can check the payment.",
    "bank_refused": "The bank could not take the payment. You have not been charged.",
    "locked": "Face payment is paused on this kiosk for a few minutes. Please pay another way.",
    "customer_paused": "After failed tries, face payment for this pass waits a few minutes. Please pay "
                       "another way, or ask staff.",
    "no_receipts": "This kiosk cannot issue receipts right now. Please pay at the register; staff can help.",
    "camera_failed": "The camera is not working. Please pay another way, or ask staff for help.",
    "customer_blocked": "Face payment is paused for this pass after many failed tries. Please pay another "
                        "way; the service desk can turn it back on.",
}


@dataclass(frozen=True)
class Screen:
    """What the UI shows now. Carries no biometric data."""

    stage: Stage
    amount: Money | None = None
    message: str = ""  # a key of MESSAGES
    prompt: str = ""   # a liveness prompt key (liveness.active.PROMPTS) during capture
    hint: str = ""     # a quality reason (vision.quality.QualityReason) to put right first, if any
    detail: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str = "en") -> str:
        return translate(MESSAGES[self.message], language) if self.message else ""

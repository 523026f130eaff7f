"""The checkout at a kiosk, as a plain state machine: the UI (or `facepay checkout`) calls its
methods and shows its `Screen`; nothing here imports Qt, and nothing here is slow except the
calls the UI must make off its own thread (claim, feed, and the bank call inside them).

idle -> amount_due -> (pay with face) -> claim -> capture -> verifying -> approved | declined | error
                   -> (pay another way) -> another_way;  any step -> cancel -> cancelled
A kiosk locked by repeated liveness failures offers only the other way (stage `locked`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from liveness.active import ActiveStatus
from liveness.continuity import same_person
from liveness.fusion import Decision, LivenessResult
from pos_app.core import customers
from pos_app.l10n_no import signing
from pos_app.core.errors import FacePayError, InvalidInput
from pos_app.core.liveness_log import (
    customer_face_blocked, customer_locked_for, face_payment_locked_for, record_failure,
)
from pos_app.core.money import Money
from pos_app.core.passes import FacePayPass
from pos_app.core.basket import Basket
from pos_app.core.sales import ANOTHER_WAY, sale_basket
from pos_app.core.slips import Receipt
from pos_app.core.states import TxState
from pos_app.core.transactions import TxInfo, advance, create_transaction, get_transaction
from pos_app.flows.charging import charge
from pos_app.flows.checkout_screen import FINAL, MESSAGES, Screen, Stage
from pos_app.flows.liveness_check import LivenessCheck
from pos_app.flows.services import SessionServices
from pos_app.vision.engine import FaceEngine
from pos_app.vision.matching import same_person_threshold, verify
from pos_app.vision.probe import BestFrames
from pos_app.vision.quality import QualityReason, assess
from pos_app.vision.types import Quality

CAMERA_FAILED = "camera"
# A sale the kiosk ended before any pass was shown (see sales.sale_status).
NO_PASS = "no_pass"

CHALLENGE_EFFECTS = frozenset({QualityReason.HEAD_TURNED, QualityReason.HEAD_TILTED, QualityReason.TOO_BLURRY})


@dataclass(frozen=True)
class RegisterNews:
    """One look at the register (CheckoutFlow.poll_register): at most one of these is set."""

    withdrawn: bool = False  # it took back the sale whose amount is on screen
    sale: TxInfo | None = None  # a new sale for this kiosk
    # Looked while idle and found no sale: ``display`` is the basket it is ringing up for the
    # customer display (None: show none).
    idle: bool = False
    display: Basket | None = None


def _progress(status: ActiveStatus | None) -> dict[str, Any]:
    """The challenge's progress for the screen: steps done, of how many, whole seconds left for
    the current one (for the time warning), and whether it replaced one that timed out."""
    if status is None:
        return {"done": 0, "total": 0}
    left = None if status.seconds_left is None else math.ceil(status.seconds_left)
    return {"done": status.done, "total": status.total, "seconds_left": left, "other": status.other_offered,
            "step_up": status.step_up}


# One face check, then one new try with other challenges; after that only another way to pay.
FACE_TRIES = 2


def failure_message(result: LivenessResult) -> str:
    """The plain-words reason (a key of MESSAGES) for a face check that did not pass."""
    if result.decision is Decision.SPOOF:
        return "not_live"
    if result.step_up:
        return "step_up_unanswered"
    said = " ".join(result.reasons)
    if "timed out" in said or "not finished" in said or "no challenge" in said:
        return "challenge_timeout"
    if "left the camera" in said or "different face" in said or "someone else" in said:
        return "face_lost"
    return "try_again"


# A checkout needs nothing beyond what every face session needs.
CheckoutServices = SessionServices


class CheckoutFlow:
    def __init__(self, services: CheckoutServices) -> None:
        self.s = services
        self.screen = Screen(Stage.IDLE)
        self.tx: TxInfo | None = None
        self._template: np.ndarray | None = None  # in memory for one session only
        # The engine that made the template, and its threshold: a probe is always of the same model.
        self._engine: FaceEngine = services.engine
        self._threshold = services.match_threshold
        self._customer: str | None = None
        self._claim = "pass"  # how the customer was named: "pass" or "phone"
        self._token: tuple[str, str] | None = None
        self._check: LivenessCheck | None = None
        # The session's best frames, fused into the probe at decide(): frames held in memory
        # for one session only, like the template.
        self._best = BestFrames()
        self._frame_index = 0
        # This shopper's face checks for the amount on screen, and the challenges the last one drew:
        # a new try draws others (a shopper who could not do one kind gets another).
        self._tries = 0
        self._drawn: frozenset | None = None

    # --- steps the shopper takes ---------------------------------------------------------------
    def start(self, amount: Money, order_ref: str = "") -> Screen:
        self._forget()
        self._tries, self._drawn = 0, None
        self.tx = create_transaction(self.s.db, terminal_id=self.s.terminal_id, amount=amount, order_ref=order_ref,
                                     terminal=self.s.terminal_name)
        return self._show(Screen(Stage.AMOUNT_DUE, amount))

    def take(self, sale: TxInfo) -> Screen:
        """A sale the register sent to this kiosk (core.sales): show its amount."""
        if sale.state is not TxState.CREATED:
            raise InvalidInput(f"the sale is {sale.state.value}, not waiting for payment")
        self._forget()
        self.tx = sale
        # Its lines and VAT, for the shopper to see what they pay before they look at the camera.
        basket = sale_basket(self.s.db, sale.id)
        return self._show(Screen(Stage.AMOUNT_DUE, sale.amount, detail={"basket": basket} if basket else {}))

    def start_again(self) -> Screen:
        """The shopper chose "Try again" after a failure: the same amount once more. After a face
        check failed, the one new try draws challenges other than the last; there is no third."""
        if self.screen.stage is not Stage.ERROR or self.tx is None:
            raise InvalidInput(f"the checkout is at {self.screen.stage}; a new try follows a failure")
        if not self.screen.detail.get("retry", True):
            raise InvalidInput("the face check has had its new try; the shopper pays another way")
        tries, drawn = self._tries, self._drawn
        screen = self.start(self.tx.amount, self.tx.order_ref)
        self._tries, self._drawn = tries, drawn
        return screen

    def withdrawn(self) -> Screen:
        """The register took the sale back while its amount was on screen."""
        self._forget()
        self.tx = None
        return self._show(Screen(Stage.CANCELLED))

    def poll_register(self, idle: bool) -> RegisterNews:
        """What the register did since the last look, asked every 400 ms by the kiosk: took back
        the sale on screen (only while its amount is due: once the shopper pays, the sale is
        theirs), sent a new one (only when the kiosk is idle), or changed the basket it shows."""
        from pos_app.core.customer_display import shown
        from pos_app.core.sales import next_sale

        if self.screen.stage is Stage.AMOUNT_DUE and self.tx is not None:
            if get_transaction(self.s.db, self.tx.id).state is not TxState.CREATED:
                return RegisterNews(withdrawn=True)
            return RegisterNews()
        if not idle:
            return RegisterNews()
        sale = next_sale(self.s.db, self.s.terminal_id)
        if sale is not None:
            return RegisterNews(sale=sale)
        return RegisterNews(idle=True, display=shown(self.s.db, self.s.terminal_id))

    def slip(self, screen: Screen) -> Receipt:
        """The shopper's payment slip for an approved screen: with the register's lines and the
        legal receipt's number when the database gives them; if it cannot, a plain one (amount,
        account, terminal), because the payment stands and staff can reprint it."""
        from datetime import datetime, timezone

        from pos_app.core.slips import receipt_of

        if screen.stage is not Stage.APPROVED or screen.amount is None:
            raise InvalidInput(f"a {screen.stage} screen has no receipt")
        tx_id, hint = str(screen.detail.get("transaction", "")), str(screen.detail.get("account", ""))
        try:
            return receipt_of(self.s.db, tx_id, account_hint=hint, seller=self.s.seller)
        except FacePayError:
            return Receipt(tx_id, screen.amount, hint, self.s.terminal_name, datetime.now(timezone.utc))

    def pay_with_face(self) -> Screen:
        self._expect(Stage.AMOUNT_DUE)
        locked = face_payment_locked_for(self.s.db, terminal=self.s.terminal_name, customer_id=None)
        if locked:
            return self._show(Screen(Stage.LOCKED, self._amount, "locked", detail={"seconds": round(locked)}))
        if not signing.can_issue(self.s.db):
            # The receipt is issued in the same transaction that records the bank's approval: a
            # kiosk that could not sign it would have charged the shopper and then failed. Refused
            # here, before any money moves.
            return self._fail("no_receipts", reasons=["the SAF-T signing key is missing on this machine"])
        return self._show(Screen(Stage.CLAIM, self._amount))

    def claim(self, facepay_pass: FacePayPass) -> Screen:
        """The pass was read (camera QR or scanner): unlock that customer's template."""
        self._expect(Stage.CLAIM)
        return self._claimed(facepay_pass.customer_id, facepay_pass)

    def claim_phone(self, phone: str) -> Screen:
        """Store-key mode: the shopper typed their phone number."""
        self._expect(Stage.CLAIM)
        try:
            customer_id = customers.customer_by_phone(self.s.db, phone)
        except InvalidInput:
            customer_id = None
        if customer_id is None:
            return self._fail("unknown_phone")
        return self._claimed(customer_id, None)

    def feed(self, frame_bgr: np.ndarray, t: float) -> Screen:
        """One camera frame during capture; decides, verifies and charges when the check is done."""
        if self.screen.stage is not Stage.CAPTURE or self._check is None:
            return self.screen
        # A frame taken while the display showed a colour is lit by it: not one to verify on.
        lit = self._check.flash_colour is not None
        status = self._check.feed(frame_bgr, t)
        face, quality = assess(frame_bgr, self._check.last_faces, "verify")
        if not lit:
            fresh = self._check.fresh  # the check may have embedded this very face a moment ago
            self._best.offer(self._frame_index, frame_bgr, face, quality, engine=self._engine,
                             embedding=fresh[1] if fresh is not None and fresh[0] is face else None)
        self._frame_index += 1
        if not self._check.finished:
            colour = self._check.flash_colour
            if colour is not None:  # the screen-light check: the display shows this colour now
                return self._show(Screen(Stage.CAPTURE, self._amount, prompt="flash",
                                         detail={**_progress(status), "flash": colour}))
            prompt = status.prompt if status else ""
            return self._show(Screen(Stage.CAPTURE, self._amount, prompt=prompt, hint=self._quality_hint(quality, prompt),
                                     detail=_progress(status)))
        # A screen of its own, so the kiosk can say "verifying" (and close the camera) before
        # the bank call.
        return self._show(Screen(Stage.VERIFYING, self._amount))

    def more_time(self) -> Screen:
        """The shopper asked for more time for the step the camera waits for."""
        if self.screen.stage is Stage.CAPTURE and self._check is not None:
            self._check.extend()
            status = self._check.status
            return self._show(dataclasses.replace(self.screen, detail=_progress(status)))
        return self.screen

    def decide(self) -> Screen:
        """Verify the face against the template and, if it matches, charge the bank."""
        self._expect(Stage.VERIFYING)
        return self._decide()

    @staticmethod
    def _quality_hint(quality: Quality, prompt: str) -> str:
        # While a challenge asks for a turn or a blink, a turned head or motion blur is the point.
        answering = prompt not in ("", "calibrating", "neutral")
        for reason in quality.reasons:
            if not (answering and reason in CHALLENGE_EFFECTS):
                return reason.value
        return ""

    def frames_ended(self, seen: int) -> Screen:
        """The camera gave no more pictures after ``seen`` of them. None at all is the camera's
        fault, not the shopper's; during the check it decides on what it saw; at any other step
        the session ends with a try-again."""
        if seen == 0:
            return self.camera_failed("the camera gave no picture")
        if self.screen.stage is Stage.CAPTURE:
            return self.feed_end()
        return self.fail("try_again")

    def feed_end(self) -> Screen:
        """The camera gave no more frames before the check finished (a recording ran out)."""
        if self.screen.stage is not Stage.CAPTURE or self._check is None:
            return self.screen
        return self._decide()

    def pay_another_way(self) -> Screen:
        self._abandon(another_way=True)
        return self._show(Screen(Stage.ANOTHER_WAY, self._amount))

    def cancel(self) -> Screen:
        # Ended before any pass was shown (the shopper walked away, or pressed Cancel): the
        # register says so, rather than a bare "Cancelled".
        self._abandon(code=NO_PASS if self.screen.stage in (Stage.AMOUNT_DUE, Stage.CLAIM) else None)
        return self._show(Screen(Stage.CANCELLED))

    def camera_failed(self, reason: str) -> Screen:
        """The camera could not be opened or gave no picture: a fault of the kiosk, recorded as
        one (decline code "camera"), never as the shopper choosing another way."""
        self._abandon(failed=True, code=CAMERA_FAILED)
        return self._show(Screen(Stage.ERROR, self._amount, "camera_failed", detail={"reasons": [reason]}))

    def fail(self, message: str = "try_again") -> Screen:
        """The kiosk cannot go on (the camera went away, an unexpected fault): end the session
        with an error the shopper can act on, and no charge."""
        return self._fail(message)

    # --- inside ----------------------------------------------------------------------------------
    @property
    def _amount(self) -> Money | None:
        return self.tx.amount if self.tx else None

    def _show(self, screen: Screen) -> Screen:
        if self.tx is not None and self.tx.training:  # every screen of a training sale says so
            screen = dataclasses.replace(screen, detail={**screen.detail, "training": True})
        self.screen = screen
        if screen.stage in FINAL or screen.stage is Stage.LOCKED:
            self._forget()
        return screen

    def _expect(self, stage: Stage) -> None:
        if self.screen.stage is not stage:
            raise InvalidInput(f"the checkout is at {self.screen.stage}, not {stage}")

    def _forget(self) -> None:
        """Nothing of the shopper stays in memory after the session."""
        self._template = self._customer = self._token = self._check = None
        self._engine, self._threshold = self.s.engine, self.s.match_threshold
        self._best.clear()
        self._frame_index = 0

    def _fail(self, message: str, **detail: Any) -> Screen:
        self._abandon(failed=True)
        return self._show(Screen(Stage.ERROR, self._amount, message, detail=detail))

    def _abandon(self, failed: bool = False, another_way: bool = False, code: str | None = None) -> None:
        if self.tx is None:
            return
        state = get_transaction(self.s.db, self.tx.id).state
        if state in (TxState.CREATED, TxState.VERIFYING):
            target = TxState.FAILED if failed and state is TxState.VERIFYING else TxState.CANCELLED
            mark = {"decline_code": ANOTHER_WAY} if another_way and target is TxState.CANCELLED else {}
            if code:
                mark = {"decline_code": code}
            self.tx = advance(self.s.db, self.tx.id, target, terminal=self.s.terminal_name, **mark)

    def _claimed(self, customer_id: str, facepay_pass: FacePayPass | None) -> Screen:
        if face_payment_locked_for(self.s.db, terminal=self.s.terminal_name, customer_id=None):
            return self._show(Screen(Stage.LOCKED, self._amount, "locked"))
        if customer_face_blocked(self.s.db, customer_id):  # the day's stop says more than the back-off
            return self._show(Screen(Stage.LOCKED, self._amount, "customer_blocked"))
        if customer_locked_for(self.s.db, customer_id):
            return self._show(Screen(Stage.LOCKED, self._amount, "customer_paused"))
        try:
            unlocked = customers.unlock_template(self.s.db, self.s.keys, customer_id, facepay_pass)
        except FacePayError:
            return self._fail("pass_not_valid")
        try:
            self._engine, self._threshold = self.s.verifier_for(unlocked.model_id)
        except FacePayError:
            return self._fail("enrol_again", reasons=[f"template of {unlocked.model_id}"])
        token = customers.payment_token(self.s.db, self.s.keys, customer_id)
        if token is None:
            return self._fail("no_bank_link")
        assert self.tx is not None
        self.tx = advance(self.s.db, self.tx.id, TxState.VERIFYING, terminal=self.s.terminal_name, customer_id=customer_id)
        self._template, self._customer, self._token = unlocked.vector, customer_id, token
        self._claim = "pass" if facepay_pass is not None else "phone"
        self._check = self.s.new_liveness_check(avoid=self._drawn, engine=self._engine)
        status = self._check.status
        return self._show(Screen(Stage.CAPTURE, self._amount, prompt=status.prompt if status else "",
                                 detail=_progress(status)))

    def _decide(self) -> Screen:
        assert self._check is not None and self.tx is not None and self._template is not None
        probe, frames = self._best.describe(self._engine)
        same = same_person_threshold(self._engine.name, self._threshold)
        result = self._check.result(probe, same)
        if result.live and frames and not same_person(frames + list(self._check.embeddings), same):
            # The fused frames must each be the face that answered the challenge: a photo of the
            # pass holder held up between live frames would otherwise pull the mean towards them.
            result = LivenessResult(Decision.RETRY, result.scores,
                                    ["the face that was verified is not the face that answered the challenge"])
        if result.live and probe is None:
            # Alive, but no frame passed the quality gate with open eyes: the threshold was set
            # for good captures, so ask again (with the hint the screen showed) instead of guessing.
            # Not a failed try: bad light is no attack, and must not lock anyone out.
            return self._fail("unclear_face", reasons=["no frame good enough to verify"])
        if not result.live or probe is None:
            record_failure(self.s.db, terminal=self.s.terminal_name, customer_id=self._customer,
                           decision=result.decision.value, reasons=result.reasons, claim=self._claim)
            self._tries += 1
            self._drawn = self._check.drawn
            last = self._tries >= FACE_TRIES
            return self._fail("face_check_last" if last else failure_message(result), reasons=result.reasons,
                              retry=not last)
        match = verify(probe, self._template, self._threshold)
        if not match.accepted:
            record_failure(self.s.db, terminal=self.s.terminal_name, customer_id=self._customer,
                           decision="mismatch", reasons=["the face does not match the pass"], claim=self._claim)
            return self._fail("face_mismatch", similarity=round(match.similarity, 3))
        assert self._token is not None and self._customer is not None
        token, hint, customer = self._token[0], self._token[1], self._customer
        self.tx = advance(self.s.db, self.tx.id, TxState.AUTHORIZING, terminal=self.s.terminal_name,
                          verification_score=round(match.similarity, 4), liveness_decision=result.decision.value)
        self.tx = charge(self.s.db, self.s.bank, self.tx.id, token, terminal=self.s.terminal_name)
        if self.tx.state is TxState.APPROVED:
            customers.mark_used(self.s.db, customer)
            return self._show(Screen(Stage.APPROVED, self._amount, detail={"account": hint, "transaction": self.tx.id}))
        if self.tx.state is TxState.DECLINED:
            code = self.tx.decline_code or ""
            return self._show(Screen(Stage.DECLINED, self._amount, code if code in MESSAGES else "bank_refused"))
        key = "bank_unavailable" if self.tx.state is TxState.UNKNOWN else "bank_refused"
        return self._show(Screen(Stage.ERROR, self._amount, key, detail={"transaction": self.tx.id}))

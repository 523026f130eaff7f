"""Enrollment at the service desk, as a plain state machine the desk screen drives.

login -> details -> consent -> capture -> bank -> test -> done
re-enrollment of an existing customer (lost pass, new engine): details -> capture -> test -> done
Nothing is stored until the very end: consent, template, bank token and audit event are committed
in one transaction, so a shopper who walks away halfway leaves no trace (and no template).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from payments.errors import BankError
from pos_app.core import customers
from pos_app.core.consent import ConsentText, load_consent
from pos_app.core.errors import FacePayError, InvalidInput
from pos_app.core.operators import OperatorInfo, authenticate
from pos_app.core.passes import FacePayPass
from pos_app.core.permissions import Permission
from pos_app.core.vault import new_pass_secret
from pos_app.core.models import new_id
from pos_app.flows.liveness_check import LivenessCheck
from pos_app.flows.services import SessionServices
from pos_app.vision.matching import TemplateError, build_template, same_person_threshold, verify
from pos_app.vision.quality import assess

CAPTURES_NEEDED = 3
# Captures this many frames apart, so the template is not three copies of one instant.
CAPTURE_SPACING = 8


class Step(StrEnum):
    LOGIN = "login"
    DETAILS = "details"
    CONSENT = "consent"
    CAPTURE = "capture"
    BANK = "bank"
    TEST = "test"
    DONE = "done"
    CANCELLED = "cancelled"


class Note(StrEnum):
    """What the desk has to tell, as a code; the screens phrase it (ui/desk_messages) in the
    operator's language. ``detail["reason"]`` carries a core error's or the bank's own words."""

    NAME_MISSING = "name_missing"
    PHONE_INVALID = "phone_invalid"        # reason: why the number was refused
    PHONE_REQUIRED = "phone_required"      # a store-key store finds customers by phone
    NOT_ENROLLED = "not_enrolled"
    NO_CONSENT = "no_consent"
    CAPTURE_AGAIN = "capture_again"        # reasons: the liveness or template reasons, in order
    BANK_REFUSED = "bank_refused"          # reason: the bank's
    NO_FACE = "no_face"                    # the test waits for a usable face
    NO_MATCH = "no_match"                  # similarity: the test frame's
    REFUSED = "refused"                    # reason: a core error (wrong PIN, no permission, ...)
    ENROLLED = "enrolled"
    CANCELLED = "cancelled"
    NO_PICTURE = "no_picture"              # the camera stopped giving frames
    FAILED = "failed"                      # an unexpected error: everything in progress forgotten


@dataclass(frozen=True)
class DeskScreen:
    step: Step
    code: str = ""     # a Note, or "" when there is nothing to tell; never words
    hint: str = ""     # a quality reason or liveness prompt key during capture
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class EnrollmentServices(SessionServices):
    key_mode: str = "shopper"


class EnrollmentFlow:
    def __init__(self, services: EnrollmentServices) -> None:
        self.s = services
        self.operator: OperatorInfo | None = None
        self._reset()

    def _reset(self) -> None:
        """Forget the customer in progress (never the operator)."""
        self.screen = DeskScreen(Step.LOGIN)
        self.name = ""
        self.phone: str | None = None
        self.consent: ConsentText | None = None
        self._check: LivenessCheck | None = None
        self._captures: list[np.ndarray] = []
        self._last_capture_frame = -CAPTURE_SPACING
        self._frames = 0
        self._template: np.ndarray | None = None
        self._token: Any = None
        self.facepay_pass: FacePayPass | None = None
        self.customer_id: str | None = None
        self.reenrolling: str | None = None  # the customer being re-enrolled, if that is the task

    def _show(self, screen: DeskScreen) -> DeskScreen:
        self.screen = screen
        return screen

    def _expect(self, step: Step) -> None:
        if self.screen.step is not step:
            raise InvalidInput(f"enrollment is at {self.screen.step}, not {step}")

    def login(self, username: str, pin: str) -> DeskScreen:
        self._expect(Step.LOGIN)
        operator = authenticate(self.s.db, username, pin, terminal=self.s.terminal_name)
        operator.require(Permission.ENROLL_CUSTOMER)
        self.operator = operator
        return self._show(DeskScreen(Step.DETAILS))

    def details(self, name: str, phone: str | None) -> DeskScreen:
        self._expect(Step.DETAILS)
        if not name.strip():
            return self._show(DeskScreen(Step.DETAILS, Note.NAME_MISSING))
        try:
            self.phone = customers.normalise_phone(phone) if phone else None
        except InvalidInput as exc:
            return self._show(DeskScreen(Step.DETAILS, Note.PHONE_INVALID, detail={"reason": str(exc)}))
        if self.s.key_mode == "store" and not self.phone:
            return self._show(DeskScreen(Step.DETAILS, Note.PHONE_REQUIRED))
        self.name = name.strip()
        return self._show(DeskScreen(Step.CONSENT))

    def reenroll(self, customer_id: str) -> DeskScreen:
        """Capture an existing customer again; their consent and bank link stand, their old
        template and pass stop working when the new ones are sealed."""
        self._expect(Step.DETAILS)
        row = next((c for c in customers.find_customers(self.s.db, customer_id) if c.id == customer_id), None)
        if row is None:
            return self._show(DeskScreen(Step.DETAILS, Note.NOT_ENROLLED))
        self.reenrolling, self.name, self.phone = row.id, row.name, row.phone
        self._check = self.s.new_liveness_check()
        return self._show(DeskScreen(Step.CAPTURE, hint="calibrating", detail={"captures": 0, "needed": CAPTURES_NEEDED}))

    def next_customer(self) -> DeskScreen:
        """After a finished or cancelled enrollment: the same operator, a clean slate."""
        self._reset()
        return self._show(DeskScreen(Step.DETAILS if self.operator else Step.LOGIN))

    def consent_text(self, language: str) -> ConsentText:
        return load_consent(language)

    def give_consent(self, accepted: bool, language: str) -> DeskScreen:
        """The shopper's explicit answer to the full text. There is no way forward without a yes."""
        self._expect(Step.CONSENT)
        if not accepted:
            return self._show(DeskScreen(Step.CANCELLED, Note.NO_CONSENT))
        self.consent = load_consent(language)
        self._check = self.s.new_liveness_check()
        return self._show(DeskScreen(Step.CAPTURE, hint="calibrating", detail={"captures": 0, "needed": CAPTURES_NEEDED}))

    def feed(self, frame_bgr: np.ndarray, t: float) -> DeskScreen:
        """A camera frame during capture: quality feedback, liveness, and good captures kept."""
        if self.screen.step is not Step.CAPTURE or self._check is None:
            return self.screen
        status = self._check.feed(frame_bgr, t)
        self._frames += 1
        hint = status.prompt if status else ""
        face, quality = assess(frame_bgr, self._check.last_faces, "enroll")
        if not quality.ok:
            hint = quality.reasons[0].value
        elif len(self._captures) < CAPTURES_NEEDED and self._frames - self._last_capture_frame >= CAPTURE_SPACING:
            assert face is not None
            self._captures.append(self.s.engine.embed(frame_bgr, face))
            self._last_capture_frame = self._frames
        detail = {"captures": len(self._captures), "needed": CAPTURES_NEEDED}
        if not (self._check.finished and len(self._captures) >= CAPTURES_NEEDED):
            if self._check.finished and not self._check.result().live:
                return self._restart_capture(self._check.result().reasons)
            return self._show(DeskScreen(Step.CAPTURE, hint=hint, detail=detail))
        same_person = same_person_threshold(self.s.engine.name, self.s.match_threshold)
        result = self._check.result(self._captures[-1], same_person)
        if not result.live:
            return self._restart_capture(result.reasons)
        try:
            self._template = build_template(self._captures, same_person)
        except TemplateError as exc:
            return self._restart_capture([str(exc)])
        self._check = None
        return self._show(DeskScreen(Step.TEST) if self.reenrolling else DeskScreen(Step.BANK))

    def _restart_capture(self, reasons: list[str]) -> DeskScreen:
        self._captures, self._frames, self._last_capture_frame = [], 0, -CAPTURE_SPACING
        self._check = self.s.new_liveness_check()
        return self._show(DeskScreen(Step.CAPTURE, Note.CAPTURE_AGAIN, detail={"captures": 0, "reasons": list(reasons)}))

    def link_bank(self, account_number: str) -> DeskScreen:
        self._expect(Step.BANK)
        try:
            self._token = self.s.bank.link_account(account_number, owner_name=self.name, idempotency_key=new_id())
        except BankError as exc:
            return self._show(DeskScreen(Step.BANK, Note.BANK_REFUSED, detail={"reason": str(exc)}))
        return self._show(DeskScreen(Step.TEST, detail={"account": self._token.account_hint}))

    def test_verification(self, frame_bgr: np.ndarray) -> DeskScreen:
        """One fresh frame must match the new template before anything is stored or a pass issued."""
        self._expect(Step.TEST)
        assert self._template is not None and self.operator is not None
        faces = self.s.engine.detect(frame_bgr, mode="track")
        face, quality = assess(frame_bgr, faces, "verify")
        if face is None or not quality.ok:
            return self._show(DeskScreen(Step.TEST, Note.NO_FACE,
                                         hint=quality.reasons[0].value if quality.reasons else ""))
        match = verify(self.s.engine.embed(frame_bgr, face), self._template, self.s.match_threshold)
        if not match.accepted:
            return self._show(
                DeskScreen(Step.TEST, Note.NO_MATCH, detail={"similarity": round(match.similarity, 3)})
            )
        customer_id, secret = new_id(), new_pass_secret()
        try:
            if self.reenrolling:
                enrolled = customers.reenroll(
                    self.s.db, self.s.keys, self.reenrolling, template=self._template, model_id=self.s.engine.model_id,
                    operator=self.operator, terminal_name=self.s.terminal_name, pass_secret=secret)
            else:
                assert self.consent is not None
                enrolled = customers.enroll(
                    self.s.db, self.s.keys, name=self.name, phone=self.phone, template=self._template,
                    model_id=self.s.engine.model_id, key_mode=self.s.key_mode, consent=self.consent,
                    operator=self.operator, terminal_id=self.s.terminal_id, terminal_name=self.s.terminal_name,
                    customer_id=customer_id, pass_secret=secret, bank_token=self._token)
        except FacePayError as exc:
            return self._show(DeskScreen(Step.TEST, Note.REFUSED, detail={"reason": str(exc)}))
        self.customer_id, self.facepay_pass = enrolled.customer_id, enrolled.facepay_pass
        self._template = None  # the plaintext template leaves memory as soon as it is sealed
        return self._show(DeskScreen(Step.DONE, Note.ENROLLED,
                                     detail={"customer_id": enrolled.customer_id, "similarity": round(match.similarity, 3)}))

    def cancel(self) -> DeskScreen:
        self._template = self._token = self._check = None
        self._captures = []
        return self._show(DeskScreen(Step.CANCELLED, Note.CANCELLED))

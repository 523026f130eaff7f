"""Enrolment from photo files (`facepay enroll`): the desk's enrolment for a service tool, with
photos for the capture. The same rules as the desk (flows/enrollment): an operator with the right
and the shopper's consent text, every photo good enough, the captures of one person, the bank asked
before anything is saved, and the pass written before the customer exists, so a failure at any
step leaves neither a pass nor a customer."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from payments.client import BankClient, Token
from payments.errors import BankError
from pos_app.core import customers
from pos_app.core.consent import load_consent
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.models import new_id
from pos_app.core.operators import OperatorInfo
from pos_app.core.passes import FacePayPass, write_pass
from pos_app.core.vault import KeyFile, new_pass_secret
from pos_app.vision.engine import FaceEngine, analyze
from pos_app.vision.images import load_image
from pos_app.vision.matching import build_template
from pos_app.vision.quality import instruction


@dataclass(frozen=True)
class Enrolled:
    customer_id: str
    key_mode: str
    pass_path: Path | None  # the shopper's pass (shopper-key mode)
    consent_version: str


def check_pass_path(key_mode: str, pass_out: Path | None) -> None:
    if key_mode == "shopper" and pass_out is None:
        raise InvalidInput("shopper-key mode needs --pass-out: the pass is the only key to the template")
    if pass_out is not None and not pass_out.parent.is_dir():
        raise InvalidInput(f"cannot write the pass to {pass_out}: the folder {pass_out.parent} does not exist")
    if pass_out is not None and pass_out.suffix.lower() not in (".png", ".pdf"):
        raise InvalidInput("--pass-out must end in .png or .pdf")


def enroll_from_photos(db: Database, keys: KeyFile, engine: FaceEngine, operator: OperatorInfo, *, name: str,
                       phone: str | None, images: list[Path], language: str, key_mode: str, same_person: float,
                       terminal_id: str, terminal_name: str, pass_out: Path | None, bank_account: str | None = None,
                       bank: Callable[[], BankClient] | None = None) -> Enrolled:
    check_pass_path(key_mode, pass_out)
    consent = load_consent(language)
    vectors = []
    for path in images:
        analysis = analyze(engine, load_image(path), purpose="enroll")
        if not analysis.quality.ok:
            problems = "; ".join(instruction(r, "en").lower() for r in analysis.quality.reasons)
            raise InvalidInput(f"{path} is not good enough to enroll: {problems}")
        assert analysis.embedding is not None  # a face good enough to enroll is described
        vectors.append(analysis.embedding)
    template = build_template(vectors, same_person)
    token = _link(bank, bank_account, name) if bank_account else None
    customer_id, secret = new_id(), new_pass_secret()
    tmp_pass = None
    if key_mode == "shopper":
        assert pass_out is not None
        tmp_pass = pass_out.with_name(f".{pass_out.name}.{os.getpid()}.tmp{pass_out.suffix}")
        write_pass(FacePayPass(customer_id, secret), name, tmp_pass, language)
    try:
        result = customers.enroll(
            db, keys, name=name, phone=phone, template=template, model_id=engine.model_id, key_mode=key_mode,
            consent=consent, operator=operator, terminal_id=terminal_id, terminal_name=terminal_name,
            customer_id=customer_id, pass_secret=secret, bank_token=token)
    except BaseException:
        if tmp_pass:
            tmp_pass.unlink(missing_ok=True)
        raise
    if tmp_pass and pass_out is not None:
        os.replace(tmp_pass, pass_out)
    return Enrolled(result.customer_id, result.key_mode, pass_out if tmp_pass else None, consent.version)


def _link(bank: Callable[[], BankClient] | None, account: str, name: str) -> Token:
    """Ask the bank for a payment token. Done before anything is saved: a refusal enrolls nobody."""
    if bank is None:
        raise InvalidInput("linking a bank account needs the bank: set bank_url")
    with bank() as client:
        try:
            return client.link_account(account, owner_name=name, idempotency_key=str(uuid.uuid4()))
        except BankError as exc:
            raise InvalidInput(f"the bank would not link account {account}: {exc}") from None

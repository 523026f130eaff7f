"""The SAF-T Cash Register signature chain: each receipt signed with RSA-SHA1 (PKCS#1 v1.5,
1024-bit key, exponent 65537) over

    previous signature;transDate;transTime;nr;transAmntIn;transAmntEx

with "0" as the previous signature of a register's first transaction, exactly as the Tax
Administration's signature-validator.js checks it. The key lives beside the deployment key file
(0600), with its version in a sidecar; the public key is printed by `facepay saft key`.

Each receipt is signed in the database transaction that issues it (under the journal's lock,
so the chain cannot fork), its signature stored in a row of its own (receipt_signatures,
append-only). Receipts from before signing at issue, or from a database opened without the key,
are sealed in nr order before an export. Every key version's public key is kept in saft_keys;
a lost key stops issuing until the next version is made (`facepay saft key --new-version`).
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos_app.core.db import Database
from pos_app.core.files import write_private_bytes
from pos_app.core.errors import InvalidInput
from pos_app.l10n_no.models import LegalReceipt, ReceiptSignature, SaftKey
from pos_app.core.timezone import oslo

FIRST = "0"


@dataclass(frozen=True)
class SigningKey:
    private: rsa.RSAPrivateKey
    version: int

    @property
    def public_pem(self) -> str:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()

    def sign(self, text: str) -> str:
        raw = self.private.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA1())  # noqa: S303 - the standard's algorithm
        return base64.b64encode(raw).decode()


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def create_key(path: Path, version: int = 1) -> SigningKey:
    if path.exists():
        raise InvalidInput(f"{path} already holds a SAF-T signing key; it is never overwritten")
    private = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    write_private_bytes(_sidecar(path), json.dumps({"version": version}).encode())
    return SigningKey(private, version)


def load_key(path: Path) -> SigningKey:
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        version = int(json.loads(_sidecar(path).read_text())["version"])
    except FileNotFoundError:
        raise InvalidInput(f"no SAF-T signing key at {path}", hint="create it once: facepay saft key --create") from None
    except (ValueError, KeyError, OSError) as exc:
        raise InvalidInput(f"the SAF-T signing key at {path} cannot be read: {exc}") from None
    if not isinstance(private, rsa.RSAPrivateKey) or private.key_size != 1024:
        raise InvalidInput(f"{path} is not a 1024-bit RSA key, which SAF-T Cash Register signatures use")
    return SigningKey(private, version)


def load_or_create(path: Path) -> SigningKey:
    return load_key(path) if path.exists() else create_key(path)


LOST_HINT = (
    "restore keys/saft-signing.pem and its .json from the backup, or make the next version: facepay saft key --new-version"
)


def _register(s: Session, key: SigningKey, *, actor: str, terminal: str) -> None:
    """Keep the key's public half under its version; a file that claims a known version with
    another key (a lost key silently replaced, labelled version 1 again) is refused."""
    from pos_app.l10n_no import journal

    known = s.get(SaftKey, key.version)
    if known is None:
        s.add(SaftKey(version=key.version, public_pem=key.public_pem))
        s.flush()
        journal.record(s, "saft.key", actor=actor, terminal=terminal,
                       after={"version": key.version, "public_key": key.public_pem})
    elif known.public_pem.strip() != key.public_pem.strip():
        raise InvalidInput(f"the SAF-T signing key file is not key version {key.version} recorded in the database",
                           hint=LOST_HINT)


def attach(db: Database, path: Path, *, actor: str = "system", terminal: str = "",
           create: bool = False) -> SigningKey | None:
    """Give the database its signer: the key file's key (registered under its version); with
    ``create`` (setting up: `db upgrade`, a register, the embedded kiosk), a new key on a database
    that never had one; otherwise None. A database that has a key whose file is missing here
    gets None too, so that no receipt is issued unsigned (issuing refuses, with LOST_HINT)."""
    with db.session() as s:
        if path.exists():
            key: SigningKey | None = load_key(path)
        elif create and s.scalar(select(func.count()).select_from(SaftKey)) == 0:
            key = create_key(path)
        else:
            key = None
        if key is not None:
            _register(s, key, actor=actor, terminal=terminal)
    db.signer, db.signer_path = key, path
    return key


def new_version(db: Database, path: Path, *, actor: str, terminal: str = "") -> SigningKey:
    """The next key version: the old file (if any) is kept beside it as saft-signing.vN.pem; every
    receipt from now on is signed with the new one; the change is journaled (13999)."""
    with db.session() as s:
        latest = s.scalar(select(func.max(SaftKey.version))) or 0
    if path.exists():
        old = load_key(path)
        keep = path.with_name(f"{path.stem}.v{old.version}{path.suffix}")
        path.replace(keep)
        _sidecar(path).replace(_sidecar(keep))
        latest = max(latest, old.version)
    key = create_key(path, latest + 1)
    with db.session() as s:
        _register(s, key, actor=actor, terminal=terminal)
    db.signer = key
    return key


def public_keys(db: Database) -> dict[int, str]:
    with db.session() as s:
        return {k.version: k.public_pem for k in s.scalars(select(SaftKey).order_by(SaftKey.version))}


def can_issue(db: Database) -> bool:
    """Whether a receipt can be issued here: a signer is attached, or signing was never set up on
    this database (receipts are then sealed before the first export)."""
    if db.signer is not None:
        return True
    path = db.signer_path
    if isinstance(path, Path) and path.exists():  # made since this process started (a register here)
        try:
            if attach(db, path) is not None:
                return True
        except InvalidInput:
            pass  # not the key the database knows: refused below, as any missing key is
    with db.session() as s:
        return not s.scalar(select(func.count()).select_from(SaftKey))


def sign_at_issue(s: Session, row: LegalReceipt) -> None:
    """Sign a receipt in the transaction that issues it (the journal's lock is held). Earlier
    unsigned receipts of the register are signed first, in order, so the chain stays whole."""
    key = s.info.get("signer")
    if row.nr is None:
        return
    if key is None:
        if s.scalar(select(func.count()).select_from(SaftKey)):
            raise InvalidInput("the SAF-T signing key is missing on this machine, so no receipt can be issued",
                               hint=LOST_HINT)
        return  # signing was never set up on this database: sealed before its first export
    _seal_in(s, key, row.terminal_id)


def amount(minor: int) -> str:
    sign = "-" if minor < 0 else ""
    return f"{sign}{abs(minor) // 100}.{abs(minor) % 100:02d}"


def signed_text(previous: str, receipt: LegalReceipt) -> str:
    when = oslo(receipt.created_at)  # Norwegian time, whatever the machine's time zone
    return ";".join((previous, f"{when:%Y-%m-%d}", f"{when:%H:%M:%S}", str(receipt.nr),
                     amount(receipt.amount_minor), amount(receipt.amount_minor - receipt.vat_minor)))


def _seal_in(s: Session, key: SigningKey, terminal_id: str) -> int:
    last = s.scalar(select(ReceiptSignature).where(ReceiptSignature.terminal_id == terminal_id)
                    .order_by(ReceiptSignature.nr.desc()).limit(1))
    previous, after = (last.signature, last.nr) if last else (FIRST, 0)
    rows = s.scalars(select(LegalReceipt).where(LegalReceipt.terminal_id == terminal_id, LegalReceipt.nr > after,
                                                LegalReceipt.nr.is_not(None)).order_by(LegalReceipt.nr)).all()
    for row in rows:
        previous = key.sign(signed_text(previous, row))
        s.add(ReceiptSignature(receipt_id=row.id, terminal_id=terminal_id, nr=row.nr, signature=previous,
                               key_version=key.version))
    s.flush()
    return len(rows)


def seal(db: Database, key: SigningKey, terminal_id: str) -> int:
    """Sign this register's unsigned receipts in nr order (those issued before signing was set
    up); returns how many. Under the journal's lock, as at issue, so two sealers cannot fork the
    chain: the second finds nothing left to sign."""
    from pos_app.core.models import AuditHead

    with db.session() as s:
        s.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update())
        return _seal_in(s, key, terminal_id)


def verify(public_pem: str, text: str, signature: str) -> bool:
    return verifies(serialization.load_pem_public_key(public_pem.encode()), text, signature)


def verifies(public: object, text: str, signature: str) -> bool:
    """``signature`` (base64) is the RSA-SHA1 signature of ``text`` under this loaded public key."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    if not isinstance(public, rsa.RSAPublicKey):
        return False  # the SAF-T chain is RSA; any other key signs nothing here
    try:
        public.verify(base64.b64decode(signature), text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    except (InvalidSignature, ValueError):
        return False
    return True

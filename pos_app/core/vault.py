"""Envelope encryption of face templates.

Each template is encrypted with its own random 256-bit data key (AES-256-GCM). The associated
data binds the customer id, template id and model id, so a ciphertext moved to another customer's
row fails authentication. The data key is wrapped (AES-256-GCM again, same binding) by a
key-encryption key (KEK):

* shopper-key mode (default): KEK = HKDF-SHA256(pass secret, salt = deployment pepper). The secret
  exists only on the shopper's pass, so the database, even with the key file, cannot decrypt it.
* store-key mode (opt-in): KEK = a deployment key from the key file (never in the database).

Wrapped keys are format v2 (``FPW2`` + nonce + ciphertext): their associated data also binds the
key mode, so a row switched between shopper-key and store-key fails authentication even under a
key that would otherwise unwrap it. v1 blobs (4 bytes shorter, no mode) still open; re-enrolling
or rotating the store key rewrites them as v2.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from pos_app.core.errors import ConfigError, FacePayError

if TYPE_CHECKING:
    import numpy as np

NONCE = 12
PASS_SECRET_BYTES = 16  # 128 bits
_FORMAT = b"FPT1"  # plaintext: magic, dimension (uint32 LE), float32 LE values


class VaultError(FacePayError):
    pass


KEY_MODES = ("shopper", "store")
_WRAP_V2 = b"FPW2"


def _aad(kind: str, customer_id: str, template_id: str, model_id: str) -> bytes:
    return f"facepay/{kind}/v1|{customer_id}|{template_id}|{model_id}".encode()


def _key_aad(key_mode: str, customer_id: str, template_id: str, model_id: str) -> bytes:
    if key_mode not in KEY_MODES:
        raise VaultError(f"unknown key mode {key_mode!r}")
    return f"facepay/key/v2|{key_mode}|{customer_id}|{template_id}|{model_id}".encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def serialize_template(vector: np.ndarray) -> bytes:
    import numpy as np  # here: the kiosk's start reads the key file through this module before numpy is wanted

    v = np.asarray(vector, dtype="<f4").ravel()
    return _FORMAT + struct.pack("<I", v.size) + v.tobytes()


def deserialize_template(data: bytes) -> np.ndarray:
    if data[:4] != _FORMAT:
        raise VaultError("decrypted template has an unknown format")
    import numpy as np

    (size,) = struct.unpack("<I", data[4:8])
    vec = np.frombuffer(data[8:], dtype="<f4")
    if vec.size != size:
        raise VaultError("decrypted template has the wrong length")
    return vec.astype(np.float32)


@dataclass(frozen=True)
class Sealed:
    ciphertext: bytes  # nonce || AES-GCM(data key, template)
    wrapped_key: bytes  # nonce || AES-GCM(KEK, data key)


def seal(vector: np.ndarray, kek: bytes, *, customer_id: str, template_id: str, model_id: str, key_mode: str) -> Sealed:
    data_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(NONCE)
    ct = AESGCM(data_key).encrypt(nonce, serialize_template(vector), _aad("template", customer_id, template_id, model_id))
    return Sealed(nonce + ct, wrap_key(data_key, kek, customer_id=customer_id, template_id=template_id,
                                       model_id=model_id, key_mode=key_mode))


def wrap_key(data_key: bytes, kek: bytes, *, customer_id: str, template_id: str, model_id: str, key_mode: str) -> bytes:
    nonce = os.urandom(NONCE)
    aad = _key_aad(key_mode, customer_id, template_id, model_id)
    return _WRAP_V2 + nonce + AESGCM(kek).encrypt(nonce, data_key, aad)


def unwrap_key(wrapped: bytes, kek: bytes, *, customer_id: str, template_id: str, model_id: str, key_mode: str) -> bytes:
    if wrapped.startswith(_WRAP_V2) and len(wrapped) == len(_WRAP_V2) + NONCE + 48:
        body, aad = wrapped[len(_WRAP_V2):], _key_aad(key_mode, customer_id, template_id, model_id)
    else:  # v1, written before the key mode was bound
        body, aad = wrapped, _aad("key", customer_id, template_id, model_id)
    try:
        return AESGCM(kek).decrypt(body[:NONCE], body[NONCE:], aad)
    except (InvalidTag, ValueError):
        raise VaultError("this key does not unlock the template (wrong pass, or the stored key was altered)") from None


def open_sealed(sealed: Sealed, kek: bytes, *, customer_id: str, template_id: str, model_id: str,
                key_mode: str) -> np.ndarray:
    data_key = unwrap_key(sealed.wrapped_key, kek, customer_id=customer_id, template_id=template_id, model_id=model_id,
                          key_mode=key_mode)
    try:
        plain = AESGCM(data_key).decrypt(sealed.ciphertext[:NONCE], sealed.ciphertext[NONCE:],
                                         _aad("template", customer_id, template_id, model_id))
    except (InvalidTag, ValueError):
        raise VaultError("the stored template failed authentication: it was altered, damaged or moved") from None
    return deserialize_template(plain)


_TOKEN_PREFIX = "enc1:"


def seal_token(token: str, key: bytes, customer_id: str) -> str:
    """A bank payment token as stored: AES-GCM under the key file's token key, bound to its
    customer. A copy of the database (a backup, a support bundle) holds no usable token."""
    nonce = os.urandom(NONCE)
    ct = AESGCM(key).encrypt(nonce, token.encode(), f"facepay/bank-token/v1|{customer_id}".encode())
    return _TOKEN_PREFIX + base64.urlsafe_b64encode(nonce + ct).decode("ascii")


def open_token(stored: str, key: bytes, customer_id: str) -> str:
    """The token; a value stored before tokens were sealed is returned as it is (is_sealed tells)."""
    if not is_sealed(stored):
        return stored
    raw = base64.urlsafe_b64decode(stored[len(_TOKEN_PREFIX):])
    try:
        return AESGCM(key).decrypt(raw[:NONCE], raw[NONCE:], f"facepay/bank-token/v1|{customer_id}".encode()).decode()
    except (InvalidTag, ValueError):
        raise VaultError("the stored bank token failed authentication: it was altered or moved") from None


def is_sealed(stored: str) -> bool:
    return stored.startswith(_TOKEN_PREFIX)


def shopper_kek(pass_secret: bytes, pepper: bytes, customer_id: str) -> bytes:
    if len(pass_secret) != PASS_SECRET_BYTES:
        raise VaultError("a pass secret must be 128 bits")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=pepper,
                info=f"facepay/shopper-kek/v1|{customer_id}".encode()).derive(pass_secret)


def new_pass_secret() -> bytes:
    return secrets.token_bytes(PASS_SECRET_BYTES)


# --- the deployment key file --------------------------------------------------------------------

def key_id(kek: bytes) -> str:
    return "k-" + hashlib.sha256(kek).hexdigest()[:12]


@dataclass
class KeyFile:
    """The deployment's secrets: the pepper for shopper keys, and the store-key KEKs.

    More than one KEK means a rotation is under way: ``active`` wraps, the others only unwrap
    until every data key has been moved to ``active``.
    """

    path: Path
    pepper: bytes
    keks: dict[str, bytes] = field(default_factory=dict)
    active: str = ""
    # The file as last read or written (inode, size, mtime): a change means another process
    # (facepay keys rotate) rewrote it, and the keys are read again before they are used.
    _stamp: tuple[int, int, int] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def create(cls, path: Path) -> KeyFile:
        if path.exists():
            raise VaultError(f"key file {path} already exists; refusing to overwrite it (templates would be lost)")
        kek = AESGCM.generate_key(bit_length=256)
        keys = cls(path, secrets.token_bytes(32), {key_id(kek): kek}, key_id(kek))
        keys.save()
        return keys

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            keks = {k: base64.b64decode(v) for k, v in raw["keks"].items()}
            keys = cls(path, base64.b64decode(raw["pepper"]), keks, raw["active"])
        except FileNotFoundError:
            raise ConfigError(f"no key file at {path}", hint="create one with: facepay keys init") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"key file {path} is unreadable or damaged: {exc}") from None
        if keys.active not in keys.keks or any(key_id(v) != k for k, v in keys.keks.items()):
            raise ConfigError(f"key file {path} is inconsistent (a key does not match its id)")
        if path.stat().st_mode & 0o077:
            raise ConfigError(f"key file {path} is readable by others", hint=f"chmod 600 {path}")
        keys._stamp = keys._stat()
        return keys

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def refresh(self) -> None:
        """Read the keys again if the file changed since: a kiosk started before a rotation must
        neither seal under the key the rotation retires nor fail to open what it re-wrapped."""
        if self._stamp is not None and self._stat() != self._stamp:
            fresh = KeyFile.load(self.path)
            self.pepper, self.keks, self.active, self._stamp = fresh.pepper, fresh.keks, fresh.active, fresh._stamp

    def save(self) -> None:
        """Write atomically with mode 0600: a crash leaves the old file or the new, never half."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        body = json.dumps({"version": 1, "pepper": _b64(self.pepper), "active": self.active,
                           "keks": {k: _b64(v) for k, v in self.keks.items()}}, indent=1)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        self._stamp = self._stat()

    @property
    def token_key(self) -> bytes:
        """The key that seals bank payment tokens at rest (from the pepper: rotations keep it)."""
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                    info=b"facepay/bank-token/v1").derive(self.pepper)

    @property
    def audit_key(self) -> bytes:
        """The key of the audit chain's anchors: derived from the pepper, which no rotation changes."""
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                    info=b"facepay/audit-anchor/v1").derive(self.pepper)

    @property
    def active_kek(self) -> bytes:
        self.refresh()
        return self.keks[self.active]

    def kek(self, kid: str | None) -> bytes:
        self.refresh()
        if kid not in self.keks:
            raise VaultError(f"the key {kid} that wraps this template is not in {self.path}")
        return self.keks[kid]

    def begin_rotation(self) -> str:
        """Add and activate a new KEK, unless a rotation is already under way (then resume it)."""
        if len(self.keks) == 1:
            kek = AESGCM.generate_key(bit_length=256)
            self.keks[key_id(kek)] = kek
            self.active = key_id(kek)
            self.save()
        return self.active

    def finish_rotation(self) -> None:
        self.keks = {self.active: self.active_kek}
        self.save()

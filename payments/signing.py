"""Request signing shared by the bank and its clients.

``X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, "t.METHOD.path.body")>``, where path
is the request target exactly as sent: percent-encoded, with its query string. A signature older (or newer) than 300 s, or seen before, is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import re

TOLERANCE_SECONDS = 300
# The bank's error code for a signature it has seen before. Such a request was not processed, so a
# client may sign it again for a later second and resend it.
REPLAY_CODE = "signature_replayed"
_HEADER = re.compile(r"^t=(\d{1,12}),v1=([0-9a-f]{64})$")


class SignatureError(Exception):
    pass


def compute(key: str, t: int, method: str, path: str, body: bytes) -> str:
    message = f"{t}.{method.upper()}.{path}.".encode() + body
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def header(key: str, t: int, method: str, path: str, body: bytes) -> str:
    return f"t={t},v1={compute(key, t, method, path, body)}"


def verify(key: str, value: str | None, method: str, path: str, body: bytes, now: float) -> tuple[int, str]:
    """Return (t, v1) of a valid signature, or raise SignatureError saying what is wrong."""
    if not value:
        raise SignatureError("the request is not signed (X-Signature missing)")
    match = _HEADER.match(value.strip())
    if not match:
        raise SignatureError("X-Signature is malformed; expected t=<unix seconds>,v1=<hex>")
    t, v1 = int(match.group(1)), match.group(2)
    if abs(now - t) > TOLERANCE_SECONDS:
        raise SignatureError(f"the signature is more than {TOLERANCE_SECONDS} s from the bank's clock")
    if not hmac.compare_digest(compute(key, t, method, path, body), v1):
        raise SignatureError("the signature does not match")
    return t, v1

"""Request signing shared by the bank and its clients (scheme v2).

``X-Signature: t=<unix seconds>,v2=<hex HMAC-SHA256(key, message)>`` with the message

    v2 \\n t \\n terminal id \\n METHOD \\n request target \\n idempotency key \\n body

where the request target is exactly as sent (percent-encoded, with its query string) and the
idempotency key is the ``Idempotency-Key`` header ("" when there is none). v1 signed neither the
terminal nor the key, so someone on the path could rewrite the key, drop the answer and make the
terminal's retry charge twice; v1 is refused. A signature older (or newer) than 300 s, or seen
before, is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import re

VERSION = "v2"
TOLERANCE_SECONDS = 300
# The bank's error code for a signature it has seen before. Such a request was not processed, so a
# client may sign it again for a later second and resend it.
REPLAY_CODE = "signature_replayed"
_HEADER = re.compile(r"^t=(\d{1,12}),v2=([0-9a-f]{64})$")


class SignatureError(Exception):
    pass


def message(t: int, terminal_id: str, method: str, path: str, idempotency_key: str, body: bytes) -> bytes:
    for part in (terminal_id, path, idempotency_key):
        if "\n" in part:  # a newline would let one field pose as two
            raise SignatureError("a signed field may not contain a line break")
    return f"{VERSION}\n{t}\n{terminal_id}\n{method.upper()}\n{path}\n{idempotency_key}\n".encode() + body


def compute(key: str, t: int, terminal_id: str, method: str, path: str, idempotency_key: str, body: bytes) -> str:
    return hmac.new(key.encode(), message(t, terminal_id, method, path, idempotency_key, body), hashlib.sha256).hexdigest()


def header(key: str, t: int, terminal_id: str, method: str, path: str, idempotency_key: str, body: bytes) -> str:
    return f"t={t},{VERSION}={compute(key, t, terminal_id, method, path, idempotency_key, body)}"


def verify(key: str, value: str | None, terminal_id: str, method: str, path: str, idempotency_key: str,
           body: bytes, now: float) -> tuple[int, str]:
    """Return (t, signature) of a valid signature, or raise SignatureError saying what is wrong."""
    if not value:
        raise SignatureError("the request is not signed (X-Signature missing)")
    match = _HEADER.match(value.strip())
    if not match:
        if ",v1=" in value:
            raise SignatureError("signature scheme v1 is no longer accepted; sign with v2 (docs/bank-api.md)")
        raise SignatureError("X-Signature is malformed; expected t=<unix seconds>,v2=<hex>")
    t, signature = int(match.group(1)), match.group(2)
    if abs(now - t) > TOLERANCE_SECONDS:
        raise SignatureError(f"the signature is more than {TOLERANCE_SECONDS} s from the bank's clock")
    if not hmac.compare_digest(compute(key, t, terminal_id, method, path, idempotency_key, body), signature):
        raise SignatureError("the signature does not match")
    return t, signature

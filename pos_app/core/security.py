"""PIN and password hashing with scrypt, a memory-hard KDF, so a stolen database resists guessing."""

from __future__ import annotations

import base64
import hmac
import os

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from pos_app.core.errors import InvalidInput

# n=2**15, r=8 costs 32 MiB and roughly 0.1 s per check here: cheap for a login, dear for a guesser.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_KEY_LEN = 32


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def check_secret_strength(secret: str, pin_min_digits: int = 4) -> None:
    """A PIN is pin_min_digits (setting, 4 to 12) to 12 digits; anything else is a password of at
    least 8 characters."""
    if secret.isdigit():
        if not pin_min_digits <= len(secret) <= 12:
            raise InvalidInput(f"a PIN must have {pin_min_digits} to 12 digits")
        if len(set(secret)) == 1:
            raise InvalidInput("a PIN may not be one digit repeated")
    elif len(secret) < 8:
        raise InvalidInput("a password must have at least 8 characters (or use a PIN of 4-12 digits)")


def hash_secret(secret: str) -> str:
    salt = os.urandom(16)
    key = Scrypt(salt=salt, length=_KEY_LEN, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(secret.encode())
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_secret(secret: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        kdf = Scrypt(salt=base64.b64decode(salt), length=_KEY_LEN, n=int(n), r=int(r), p=int(p))
        kdf.verify(secret.encode(), base64.b64decode(key))
        return True
    except (InvalidKey, ValueError):
        return False


# What an unknown user's PIN is checked against, so the attempt costs one scrypt like a known
# user's. A literal of a throwaway secret, with the current parameters (a test holds them equal):
# hashing it at import cost every command 0.13-0.19 s, `facepay --help` included, and hashing it
# on first use would make that first unknown name slower than a known one.
_DUMMY_HASH = "scrypt$32768$8$1$vz3MRLjTqE6VD3ot9yC+dg==$/rDtnFuikzCIuMLrB55IqpaGz/fhy5urcmlAwTCbVxI="


def burn_equal_time(secret: str) -> None:
    """Spend one verification's time for an unknown user, so timing does not reveal who exists."""
    hmac.compare_digest(b"x", b"y")
    verify_secret(secret, _DUMMY_HASH)

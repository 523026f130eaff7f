"""Error hierarchy. Every error a user can cause carries a message fit to print as one line."""

from __future__ import annotations


class FacePayError(Exception):
    """Base of all expected errors. ``str(err)`` is the one-line message; ``hint`` says what to do."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class ConfigError(FacePayError):
    exit_code = 2


class StorageError(FacePayError):
    """The database cannot be reached, or is not at the schema this code needs."""


class NotFound(FacePayError):
    pass


class AlreadyExists(FacePayError):
    pass


class IllegalTransition(FacePayError):
    pass


class AuthenticationFailed(FacePayError):
    pass


class OperatorLocked(AuthenticationFailed):
    def __init__(self, message: str, *, seconds_left: int) -> None:
        super().__init__(message, hint=f"try again in {max(1, -(-seconds_left // 60))} min")
        self.seconds_left = seconds_left


class PermissionDenied(FacePayError):
    pass


class InvalidInput(FacePayError):
    exit_code = 2

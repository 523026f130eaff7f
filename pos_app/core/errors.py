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


class CannotStart(FacePayError):
    """A screen's store could not be opened after its window showed (the kiosk opens it then, issue 32):
    the screen closes, and the command ends with the cause's own message, hint and exit code."""

    def __init__(self, cause: FacePayError) -> None:
        super().__init__(str(cause), hint=cause.hint)
        self.exit_code = cause.exit_code


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

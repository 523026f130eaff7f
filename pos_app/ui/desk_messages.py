"""The desk's words. The enrollment flow returns codes (flows/enrollment.Note) and the details
that go with them; this module phrases them in the operator's language, and the session's own
notices the same way. A core error or the bank's reason passes through as written, its known
lead-in ("cannot open the camera: …") translated.
"""

from __future__ import annotations

from collections.abc import Callable

from pos_app.core.catalogue import whole_or_lead
from pos_app.flows.enrollment import DeskScreen, Note
from pos_app.ui.i18n import tr


def _plain(note: Note) -> Callable[[], str]:
    """Each note's words, looked up when asked so the language in force is the one used."""
    return {
        Note.NAME_MISSING: lambda: tr("Enter the customer's name."),
        Note.PHONE_REQUIRED: lambda: tr("This store needs the customer's phone number."),
        Note.NOT_ENROLLED: lambda: tr("That customer has no active enrollment."),
        Note.NO_CONSENT: lambda: tr("No consent: nothing was stored."),
        Note.CAPTURE_AGAIN: lambda: tr("Let's try that again"),
        Note.BANK_REFUSED: lambda: tr("The bank would not link that account"),
        Note.NO_FACE: lambda: tr("Look at the camera for the test."),
        Note.NO_MATCH: lambda: tr("The test did not match; capture again or check who is in front of the camera."),
        Note.ENROLLED: lambda: tr("Enrolled. Give the customer their FacePay pass."),
        Note.CANCELLED: lambda: tr("Cancelled: nothing was stored."),
        Note.NO_PICTURE: lambda: tr("The camera gave no picture. Check it and try again."),
        Note.FAILED: lambda: tr("Something went wrong; nothing was stored. Start again."),
    }[note]


def phrase(screen: DeskScreen) -> str:
    """What the desk shows for ``screen``: its note in words, with the details that go with it."""
    if not screen.code:
        return ""
    note = Note(screen.code)
    if note in (Note.PHONE_INVALID, Note.REFUSED):  # the error's own words are the message
        return translated(str(screen.detail.get("reason", "")))
    words = _plain(note)()
    if note is Note.CAPTURE_AGAIN:
        return f"{words}: " + "; ".join(translated(str(r)) for r in screen.detail.get("reasons", []))
    if note is Note.BANK_REFUSED:
        return f"{words}: {screen.detail.get('reason', '')}"
    return words


def _catalogue() -> list[str]:
    """Never called: the session's notices, listed so pyside6-lupdate puts them in the catalogue."""
    return [
        tr("Export failed"), tr("Exported to"), tr("Saved the pass to"),
        tr("Consent withdrawn: the face template and bank link are erased."),
        tr("Consent withdrawn: the face template is erased; the bank has not yet confirmed that the "
           "bank link is revoked, and it is asked again until it does."),
        tr("Enrollment is not available on this desk right now."), tr("You are not allowed to do that."),
    ]


def translated(message: str) -> str:
    """A sentence or "what: detail" in the operator's language (the detail as written)."""
    return whole_or_lead(message, tr) if message else ""

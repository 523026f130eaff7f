"""The desk's messages in the operator's language. The enrollment flow speaks English (it also
runs headless); the desk translates here a known sentence whole, or the known lead-in of one that
carries details ("The bank would not link that account: …"). Core errors pass through as written.
"""

from __future__ import annotations

from pos_app.core.catalogue import whole_or_lead
from pos_app.ui.i18n import tr


def _catalogue() -> list[str]:
    """Never called: it lists the sentences, so pyside6-lupdate puts them in the catalogue."""
    return [
        tr("Enter the customer's name."), tr("This store needs the customer's phone number."),
        tr("That customer has no active enrollment."), tr("No consent: nothing was stored."),
        tr("Let's try that again"), tr("The bank would not link that account"),
        tr("Look at the camera for the test."),
        tr("The test did not match; capture again or check who is in front of the camera."),
        tr("Enrolled. Give the customer their FacePay pass."), tr("Cancelled: nothing was stored."),
        tr("Export failed"), tr("Exported to"), tr("Saved the pass to"),
        tr("Consent withdrawn: the face template and bank link are erased."),
        tr("Consent withdrawn: the face template is erased; the bank has not yet confirmed that the "
           "bank link is revoked, and it is asked again until it does."),
        tr("The camera gave no picture. Check it and try again."),
        tr("Enrollment is not available on this desk right now."), tr("You are not allowed to do that."),
        tr("Something went wrong; nothing was stored. Start again."),
    ]


def translated(message: str) -> str:
    return whole_or_lead(message, tr) if message else ""

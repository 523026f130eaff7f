"""The desk phrases every note the enrollment flow can give, in both languages."""

from __future__ import annotations

import pytest

from pos_app.flows.enrollment import DeskScreen, Note, Step
from pos_app.ui.desk_messages import phrase
from pos_app.ui.i18n import Language

DETAILS = {"reason": "cannot open the camera: /dev/video9", "reasons": ["timed out waiting for: blink"]}


@pytest.mark.parametrize("code", ["en", "nb"])
def test_every_note_has_words_in_each_language(qapp, code: str) -> None:  # type: ignore[no-untyped-def]
    from pos_app.ui.app import application

    application()
    language = Language(code)
    try:
        said = {note: phrase(DeskScreen(Step.DETAILS, note, detail=DETAILS)) for note in Note}
    finally:
        language.set("en")
    assert all(said.values()), [n for n, words in said.items() if not words]
    assert phrase(DeskScreen(Step.DETAILS)) == ""
    # The bank's and a core error's own words are kept as written, after the desk's lead-in.
    assert said[Note.BANK_REFUSED].endswith(": cannot open the camera: /dev/video9")
    assert said[Note.REFUSED].endswith("/dev/video9")
    if code == "nb":
        assert said[Note.NO_MATCH].startswith("Testen stemte ikke")
        assert said[Note.CAPTURE_AGAIN].startswith("La oss prøve igjen: ")
    else:
        assert said[Note.ENROLLED] == "Enrolled. Give the customer their FacePay pass."

"""One translation mechanism: every text a shopper or operator reads comes from the one catalogue
(resources/translations/facepay_nb.ts). The screens read it through Qt; the Qt-free code (the
checkout flow, speech, prompts, slips, reports, the command line) through core/catalogue."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pos_app.core.catalogue import translate, translate_reason

REPO = Path(__file__).resolve().parents[2]


def _tables() -> dict[str, list[str]]:
    from liveness.active import PROMPTS
    from pos_app.core.slips import LABELS
    from pos_app.core.takings import WORDS
    from pos_app.flows.checkout import MESSAGES
    from pos_app.speech.script import LINES
    from pos_app.vision.quality import INSTRUCTIONS

    return {name: list(table.values()) for name, table in (
        ("flows.checkout.MESSAGES", MESSAGES), ("speech.script.LINES", LINES), ("liveness.active.PROMPTS", PROMPTS),
        ("vision.quality.INSTRUCTIONS", INSTRUCTIONS), ("core.slips.LABELS", LABELS), ("core.takings.WORDS", WORDS))}


@pytest.mark.parametrize("table", list(_tables()))
def test_every_text_the_qt_free_code_shows_has_its_norwegian(table: str) -> None:
    untranslated = [text for text in _tables()[table] if translate(text, "nb") == text and text.strip(" .{}") and
                    text not in ("Terminal", "{name}. {description}")]  # the same word in both languages
    assert not untranslated, f"add to facepay_nb.ts: {untranslated}"


def test_a_reason_keeps_its_detail_and_english_stays_english() -> None:
    assert translate_reason("timed out waiting for: blink", "nb") == "ventet for lenge på: blink"
    assert translate_reason("the face does not match the pass", "nb") == "ansiktet stemmer ikke med passet"
    assert translate_reason("something new: x", "nb") == "something new: x"
    assert translate("Paid", "en") == "Paid" and translate("Paid", "nb") == "Betalt"


# Language-keyed tables that are not sentences: names in their own language, voices, number words.
NOT_TEXTS = {"pos_app/ui/i18n.py", "pos_app/ui/widgets.py", "pos_app/speech/engine.py", "pos_app/speech/script.py"}


def test_no_module_keeps_a_catalogue_of_its_own() -> None:
    """A dict keyed by language ({"en": ..., "nb": ...}) was the second mechanism (11 modules):
    gone everywhere but the few tables that are not sentences."""
    found = []
    for package in ("pos_app", "liveness", "payments"):
        for path in (REPO / package).rglob("*.py"):
            rel = path.relative_to(REPO).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Dict) and any(isinstance(k, ast.Constant) and k.value == "nb" for k in node.keys):
                    found.append(f"{rel}:{node.lineno}")
    allowed = [f for f in found if f.split(":")[0] in NOT_TEXTS]
    assert sorted(set(found) - set(allowed)) == []


def test_a_camera_that_will_not_open_is_said_in_norwegian(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`facepay checkout` prints the camera's reason in the shopper's language, the path as written."""
    import pytest

    from pos_app.core.catalogue import translate_reason
    from pos_app.vision.camera import CameraError, open_source

    missing = tmp_path / "no-such-video.mp4"
    with pytest.raises(CameraError) as caught:
        open_source(str(missing))
    assert translate_reason(str(caught.value), "nb") == f"kan ikke åpne kameraet: {missing} does not exist"

"""Verification, identification and templates, on embeddings of real photos."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pos_app.core.config import Settings
from pos_app.vision.engine import analyze
from pos_app.vision.images import load_image
from pos_app.vision.matching import Gallery, TemplateError, build_template, same_person_threshold, verify



@pytest.fixture
def emb(recogniser, faces: Path):  # type: ignore[no-untyped-def]
    """Embeddings by each engine in turn, judged at that engine's shipped thresholds."""
    global THRESHOLD, SAME_PERSON
    THRESHOLD = float(getattr(Settings(), f"match_threshold_{recogniser.name}"))
    SAME_PERSON = same_person_threshold(recogniser.name, THRESHOLD)
    cache: dict[str, np.ndarray] = {}

    def get(rel: str) -> np.ndarray:
        if rel not in cache:
            a = analyze(recogniser, load_image(faces / "identities" / rel), require_quality=False)
            assert a.embedding is not None
            cache[rel] = a.embedding
        return cache[rel]

    return get


THRESHOLD = SAME_PERSON = 0.0  # set by `emb` for the engine under test


def test_enrolled_template_accepts_a_new_photo_and_refuses_another_person(emb) -> None:  # type: ignore[no-untyped-def]
    template = build_template([emb("obama/obama.jpg"), emb("obama/obama2.jpg"), emb("obama/obama3.jpg")], SAME_PERSON)
    same = verify(emb("obama/obama4.jpg"), template, THRESHOLD)
    other = verify(emb("biden/biden.jpg"), template, THRESHOLD)
    assert same.accepted and not other.accepted
    assert 0 <= other.similarity < same.similarity <= 1
    assert same.distance == pytest.approx(2 * (1 - same.similarity), abs=1e-5)


def test_a_template_needs_three_captures(emb) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TemplateError, match="at least 3"):
        build_template([emb("obama/obama.jpg"), emb("obama/obama2.jpg")], THRESHOLD)


def test_a_capture_of_someone_else_spoils_no_template(emb) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TemplateError, match="capture 4 does not look like the others"):
        build_template([emb("obama/obama.jpg"), emb("obama/obama3.jpg"), emb("obama/obama4.jpg"),
                        emb("rose_leslie/img1.jpg")], SAME_PERSON)


def test_identification_finds_the_enrolled_person(emb) -> None:  # type: ignore[no-untyped-def]
    people = {
        "obama": ["obama/obama.jpg", "obama/obama2.jpg", "obama/obama3.jpg"],
        "kit": ["kit_harington/john1.jpeg", "kit_harington/john2.jpeg", "kit_harington/john3.jpg"],
        "alex": ["alex_lacamoire/img1.jpg", "alex_lacamoire/img2.jpg", "alex_lacamoire/img3.png"],
    }
    rng = np.random.default_rng(1)
    noise = rng.standard_normal((500, 128)).astype(np.float32)  # strangers
    ids = list(people) + [f"stranger{i}" for i in range(500)]
    templates = np.vstack([np.stack([build_template([emb(p) for p in ps], SAME_PERSON) for ps in people.values()]), noise])
    gallery = Gallery(ids, templates)
    found = gallery.identify(emb("obama/obama4.jpg"), THRESHOLD)
    assert (found.candidate, found.reason) == ("obama", "match")
    unknown = gallery.identify(emb("biden/biden.jpg"), THRESHOLD)
    assert unknown.candidate is None and unknown.reason == "below_threshold"


def test_two_near_equal_candidates_are_refused_as_ambiguous(emb) -> None:  # type: ignore[no-untyped-def]
    t = emb("obama/obama.jpg")
    gallery = Gallery(["a", "b"], np.stack([t, t + 0.001]))
    result = gallery.identify(emb("obama/obama3.jpg"), THRESHOLD)
    assert result.candidate is None and result.reason == "ambiguous"


def test_an_empty_gallery_identifies_nobody(emb) -> None:  # type: ignore[no-untyped-def]
    result = Gallery([], np.zeros((0, 128))).identify(emb("obama/obama.jpg"), THRESHOLD)
    assert not result.accepted and result.reason == "empty_gallery"

"""Whatever file a user hands over gives a usable image or one clear error, never a crash."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pos_app.vision.images import ImageError, decode_image, load_image


def test_a_normal_photo_becomes_bgr_uint8(faces: Path) -> None:
    img = load_image(faces / "identities" / "obama" / "obama.jpg")
    assert img.dtype == np.uint8 and img.shape == (1137, 910, 3)


def test_rgba_png_loads_with_transparency_on_white(faces: Path, engine) -> None:  # type: ignore[no-untyped-def]
    img = load_image(faces / "scenes" / "32bit.png")
    assert img.shape[2] == 3
    assert len(engine.detect(img)) == 1


def test_grayscale_photo_is_usable(faces: Path, engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "gray.jpg"
    Image.open(faces / "identities" / "obama" / "obama.jpg").convert("L").save(path)
    img = load_image(path)
    assert img.shape[2] == 3 and len(engine.detect(img)) == 1


def test_16_bit_image_is_scaled_not_clipped(faces: Path, engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gray8 = np.asarray(Image.open(faces / "identities" / "obama" / "obama.jpg").convert("L"), dtype=np.uint16)
    path = tmp_path / "deep.png"
    Image.fromarray(gray8 * 257).save(path)  # full 16-bit range
    assert Image.open(path).mode.startswith("I")
    img = load_image(path)
    assert 60 < img.mean() < 200  # not all white, as a naive cast to 8 bits would give
    assert len(engine.detect(img)) == 1


def test_file_named_wrongly_is_decoded_by_content(faces: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "actually_png.jpg"
    wrong.write_bytes((faces / "scenes" / "32bit.png").read_bytes())
    assert load_image(wrong).shape[:2] == (1200, 626)


def test_exif_orientation_is_honoured(faces: Path, engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # What a phone writes: pixels stored sideways, with an EXIF tag saying "rotate 90 to view".
    upright = Image.open(faces / "identities" / "obama" / "obama.jpg")
    sideways = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "phone.jpg"
    sideways.save(path, exif=exif)
    img = load_image(path)
    assert img.shape[:2] == (1137, 910)
    assert len(engine.detect(img)) == 1


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.raises(ImageError, match=r"empty\.jpg is empty \(0 bytes\)"):
        load_image(tmp_path / "empty.jpg")


def test_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "notes.jpg").write_bytes(b"this is a shopping list, not a photo")
    with pytest.raises(ImageError, match="is not an image this program can read"):
        load_image(tmp_path / "notes.jpg")


def test_truncated_photo_is_a_clear_error(faces: Path) -> None:
    data = (faces / "identities" / "obama" / "obama.jpg").read_bytes()
    with pytest.raises(ImageError, match="damaged or truncated"):
        decode_image(data[: len(data) // 3], name="half.jpg")


def test_missing_file_and_folder_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="cannot read"):
        load_image(tmp_path / "nope.jpg")
    with pytest.raises(ImageError, match="is a folder"):
        load_image(tmp_path)


def test_huge_jpeg_is_reduced_while_decoding() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (12000, 12000), (120, 110, 100)).save(buf, "JPEG", quality=50)
    img = decode_image(buf.getvalue(), name="huge.jpg")
    assert max(img.shape[:2]) <= 4096


def test_huge_png_is_refused_before_decoding() -> None:
    buf = io.BytesIO()
    Image.new("L", (12000, 12000)).save(buf, "PNG")
    with pytest.raises(ImageError, match=r"12000x12000 \(144 MP\), larger than"):
        decode_image(buf.getvalue(), name="huge.png")

"""Decode image files into BGR uint8 arrays, whatever a user hands us.

Decoding goes by content, not by file name; EXIF orientation is applied; grayscale, palette,
RGBA and 16-bit images are normalised; huge images are reduced while decoding (JPEG draft mode)
or refused, so a 12k x 12k file cannot exhaust memory.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from pos_app.core.errors import FacePayError

# Larger sides add nothing to face detection at kiosk distance, and cost memory and time.
MAX_SIDE = 4096
# What we will decode in full when a format has no reduced-size decoding (PNG, TIFF, ...).
MAX_FULL_PIXELS = 64_000_000


class ImageError(FacePayError):
    exit_code = 2


def load_image(path: str | Path) -> np.ndarray:
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ImageError(f"{path} is a folder, not an image") from None
    except OSError as exc:
        raise ImageError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode_image(data, name=str(path))


def decode_image(data: bytes, *, name: str = "image") -> np.ndarray:
    if not data:
        raise ImageError(f"{name} is empty (0 bytes)")
    try:
        with warnings.catch_warnings():
            # Opening reads only the header; the size rules below decide what gets decoded.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img: Image.Image = Image.open(io.BytesIO(data))
        width, height = img.size
        if img.format == "JPEG" and max(width, height) > MAX_SIDE:
            img.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decodes at 1/2, 1/4 or 1/8 scale
        elif width * height > MAX_FULL_PIXELS:
            raise ImageError(
                f"{name} is {width}x{height} ({width * height / 1e6:.0f} MP), larger than the "
                f"{MAX_FULL_PIXELS // 1_000_000} MP this program reads; use a smaller image"
            )
        img.load()
    except UnidentifiedImageError:
        raise ImageError(f"{name} is not an image this program can read (JPEG, PNG, BMP, WebP, TIFF)") from None
    except Image.DecompressionBombError:
        raise ImageError(f"{name} is too large to decode safely; use a smaller image") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError(f"{name} is damaged or truncated: {exc}") from None
    img = ImageOps.exif_transpose(img) or img
    rgb = _to_rgb8(img)
    if max(rgb.shape[:2]) > MAX_SIDE:
        rgb = np.asarray(Image.fromarray(rgb).reduce(int(np.ceil(max(rgb.shape[:2]) / MAX_SIDE))))
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _to_rgb8(img: Image.Image) -> np.ndarray:
    mode = img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(img, dtype=np.float64)
        top = 65535.0 if mode.startswith("I;16") or arr.max(initial=0) > 255 else 255.0
        gray = np.clip(arr / top * 255.0 + 0.5, 0, 255).astype(np.uint8)
        return np.stack([gray] * 3, axis=-1)
    if mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
        mode = "RGBA"
    if mode in ("RGBA", "LA", "PA"):
        # A transparent background becomes white, as it looks on screen, not black.
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(background, rgba).convert("RGB"))
    return np.asarray(img.convert("RGB"))

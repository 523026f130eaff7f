"""Frame sources: an OpenCV camera index, a video file, or a folder of still images.

Frames are BGR uint8 arrays held in memory only; nothing here writes a frame anywhere.
"""

from __future__ import annotations

import os

from pathlib import Path
from typing import Iterator, Protocol

import numpy as np

from pos_app.core.errors import FacePayError

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp")


class CameraError(FacePayError):
    pass


class FrameSource(Protocol):
    description: str
    live: bool  # a real-time camera, rather than a recording or still images

    def read(self) -> np.ndarray | None: ...
    def close(self) -> None: ...


class VideoSource:
    """A webcam (by index) or a video file, through OpenCV."""

    def __init__(self, spec: str) -> None:
        import cv2

        # OpenCV's own warnings ("can't open camera by index") and libav's ("moov atom not found")
        # would garble our one-line errors; the error below says what went wrong.
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
        os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # AV_LOG_QUIET, read at the first open
        target: int | str = int(spec) if spec.isdigit() else spec
        self.live = isinstance(target, int)
        self.description = f"camera {spec}" if self.live else f"video {spec}"
        self._cap = cv2.VideoCapture(target)
        if not self._cap.isOpened():
            self._cap.release()
            hint = ("no webcam here? point the camera at a recording: camera = \"/path/to/video.mp4\" in the config, "
                    "FACEPAY_CAMERA, or --camera PATH before the command" if self.live
                    else "check the path; a video file, a folder of images or a camera index will do")
            raise CameraError(f"cannot open the camera: {self.description}", hint=hint)

    def read(self) -> np.ndarray | None:
        ok, frame = self._cap.read()
        return frame if ok else None

    def close(self) -> None:
        self._cap.release()


class FolderSource:
    """Still images in name order, for demos and tests without a webcam."""

    live = False

    def __init__(self, folder: Path) -> None:
        from pos_app.vision.images import load_image

        self._load = load_image
        self._paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self._paths:
            raise CameraError(f"cannot open the camera: folder {folder} holds no images ({', '.join(IMAGE_SUFFIXES)})")
        self.description = f"folder {folder} ({len(self._paths)} images)"
        self._iter: Iterator[Path] = iter(self._paths)

    def read(self) -> np.ndarray | None:
        path = next(self._iter, None)
        return None if path is None else self._load(path)

    def close(self) -> None:
        self._iter = iter(())


def is_recording(spec: str) -> bool:
    """A video file or a folder of images, not a camera (an index, or a /dev/video device)."""
    return not spec.isdigit() and not spec.startswith("/dev/video")


def camera_missing(spec: str) -> str:
    """Why this camera setting cannot work, found without opening it (no frame is taken outside a
    payment); "" when the device or file is there."""
    if spec.isdigit():
        device = Path(f"/dev/video{spec}")
        if Path("/dev").is_dir() and not device.exists():
            return f"no camera is connected ({device} does not exist)"
        return ""
    return "" if Path(spec).exists() else f"camera source {spec} does not exist"


def open_source(spec: str) -> FrameSource:
    path = Path(spec)
    if not spec.isdigit():
        if path.is_dir():
            return FolderSource(path)
        if not path.exists():
            raise CameraError(f"cannot open the camera: {spec} does not exist",
                              hint="give a camera index (0), a video file or a folder of images")
    return VideoSource(spec)


def probe(spec: str) -> str:
    """Open the source, read one frame, close it; say what was found."""
    source = open_source(spec)
    try:
        frame = source.read()
        if frame is None:
            raise CameraError(f"{source.description} opened but gave no frame")
        return f"{source.description}: {frame.shape[1]}x{frame.shape[0]}"
    finally:
        source.close()

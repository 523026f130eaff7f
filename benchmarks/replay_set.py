"""A replay-attack set made from the real videos in the shared data: each video played on a phone or
tablet screen and filmed by a kiosk camera, under varied conditions.

    python benchmarks/replay_set.py [--data ../shared/data] [--out /tmp/facepay-replays] [--frames 90]

Each rendering varies what a real attacker varies:
- the screen: a phone close enough that no bezel shows, or a tablet with its bezel and the room
  around it;
- the screen's brightness and gamma, and its pixel grid (moiré when the camera's sampling beats
  against it, or a grid too fine to alias);
- the camera's blur, noise and JPEG compression;
- a hand's shake and slow drift;
- a lit room (ambient light on the glass, and a glare spot fixed on the screen).

Renderings named in HELD_OUT are kept out of any tuning: their figures are reported apart.
Output: one folder of JPEG frames per video and rendering, `OUT/<rendering>/<video>/0000.jpg`,
the form `facepay liveness` and the kiosk's folder camera read. Nothing is written to the
repository, and the shared data are only read.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CAMERA = (640, 480)  # the kiosk camera's frame, width x height
VIDEOS = ("liveness/bonafide/blink_1.mp4", "liveness/bonafide/blink_2.mp4", "faces/video/short_hamilton_clip.mp4")


@dataclass(frozen=True)
class Rendering:
    name: str
    screen_share: float  # the screen's height as a share of the camera frame's (>1: no bezel shows)
    bezel: bool
    gamma: float
    gain: float
    grid_pitch: float  # camera pixels per screen pixel: below 1 the grid aliases into moiré; 0: no grid
    blur: float
    noise: float
    jpeg: int
    shake: float  # pixels of hand tremor per frame
    drift: float  # pixels per second of slow drift
    tilt: float  # degrees the screen is turned away from the camera
    ambient: float  # room light reflected by the glass, 0..1
    glare: float  # strength of a glare spot fixed on the screen, 0..1


RENDERINGS = (
    Rendering("phone-near", 1.25, False, 1.0, 1.0, 0.8, 0.8, 3.0, 80, 1.0, 2.0, 2.0, 0.05, 0.0),
    Rendering("phone-near-dim", 1.2, False, 1.3, 0.75, 0.0, 1.2, 4.0, 60, 0.6, 4.0, 4.0, 0.0, 0.0),
    Rendering("phone-moire", 1.3, False, 0.9, 1.1, 0.7, 0.5, 2.0, 90, 0.8, 1.0, 3.0, 0.03, 0.0),
    Rendering("tablet-bezel", 0.75, True, 1.0, 1.0, 0.9, 0.9, 3.0, 75, 1.2, 3.0, 6.0, 0.08, 0.3),
    Rendering("tablet-bezel-lit-room", 0.8, True, 1.1, 1.2, 0.0, 1.0, 3.0, 70, 0.8, 2.0, 4.0, 0.2, 0.6),
    # Held out of any tuning:
    Rendering("phone-shaky-compressed", 1.2, False, 1.0, 0.95, 0.75, 1.6, 5.0, 45, 3.0, 8.0, 5.0, 0.05, 0.2),
    Rendering("tablet-tilted-bright", 0.7, True, 0.8, 1.3, 0.85, 0.7, 2.0, 85, 1.0, 2.0, 14.0, 0.12, 0.4),
    Rendering("phone-clipped-glare", 1.25, False, 1.5, 1.4, 0.0, 0.8, 3.0, 70, 1.0, 3.0, 3.0, 0.1, 0.8),
)
HELD_OUT = frozenset({"phone-shaky-compressed", "tablet-tilted-bright", "phone-clipped-glare"})


def room(rng: np.random.Generator) -> np.ndarray:
    """A plain lit room behind a held tablet: a wall gradient, a shelf edge and a door frame."""
    w, h = CAMERA
    y = np.linspace(0, 1, h)[:, None]
    wall = (170 + 40 * y - 20 * np.linspace(0, 1, w)[None, :])
    img = np.repeat(wall[:, :, None], 3, axis=2) * np.array([0.95, 1.0, 1.05])
    img[int(h * 0.72):int(h * 0.75), :] = (90, 110, 130)  # a shelf
    x = int(w * rng.uniform(0.05, 0.15))
    img[:, x:x + 12] = (60, 70, 80)  # a door frame
    return np.clip(img, 0, 255).astype(np.uint8)


def screen_image(frame: np.ndarray, r: Rendering, size: tuple[int, int]) -> np.ndarray:
    """What the screen emits: the video frame at the screen's resolution, through its gamma and
    brightness, with its pixel grid when that is coarse enough to matter."""
    import cv2

    w, h = size
    img = cv2.resize(frame, (w, h), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    img = np.clip(img ** r.gamma * r.gain, 0, 1)
    if r.grid_pitch:
        # Each screen pixel is three vertical sub-pixel stripes and a dark gap: drawn at 3x, so
        # the camera's resampling (the warp below) beats against it.
        img = cv2.resize(img, (w * 3, h * 3), interpolation=cv2.INTER_NEAREST)
        mask = np.zeros((3, 3, 3), np.float32)
        for c in range(3):  # BGR frame: stripes B, G, R left to right are R, G, B on the glass
            mask[:2, c, 2 - c] = 1.0
        img = img * np.tile(mask, (h, w, 1)) * 2.2
    return np.clip(img * 255, 0, 255).astype(np.uint8)


def render(frames: list[np.ndarray], r: Rendering, seed: int) -> list[np.ndarray]:
    import cv2

    rng = np.random.default_rng(seed)
    cw, ch = CAMERA
    background = room(rng)
    src_h, src_w = frames[0].shape[:2]
    # The screen in camera pixels: its height a share of the frame's, its aspect the video's. A
    # phone held close (no bezel) fills the camera's width as well.
    sh = r.screen_share * ch
    sw = sh * src_w / src_h
    if not r.bezel and sw < cw * 1.1:
        sw = cw * 1.1
        sh = sw * src_h / src_w
    if r.grid_pitch:
        res = (max(8, int(sw / r.grid_pitch)), max(8, int(sh / r.grid_pitch)))  # screen pixels
    else:
        res = (int(sw * 2), int(sh * 2))  # a fine grid: nothing to alias
    offset = np.zeros(2)
    drift = rng.normal(0, 1, 2)
    drift = drift / max(1e-6, np.linalg.norm(drift)) * r.drift
    glare_at = rng.uniform(0.2, 0.8, 2)
    out = []
    for i, frame in enumerate(frames):
        offset += rng.normal(0, r.shake, 2) * 0.5 - offset * 0.1 + drift / 30.0
        centre = np.array([cw / 2, ch / 2]) + offset
        # The screen's corners, narrowed on one side by its tilt away from the camera.
        squeeze = np.sin(np.radians(r.tilt)) * 0.5
        half_w, half_h = sw / 2, sh / 2
        quad = np.float32([[-half_w, -half_h * (1 - squeeze)], [half_w, -half_h], [half_w, half_h],
                           [-half_w, half_h * (1 - squeeze)]]) + centre.astype(np.float32)
        glass = screen_image(frame, r, res)
        gh, gw = glass.shape[:2]
        # A glare spot fixed on the glass: it moves with the screen, never with the head.
        if r.glare:
            yy, xx = np.mgrid[0:gh, 0:gw]
            spot = np.exp(-(((xx - glare_at[0] * gw) / (0.12 * gw)) ** 2 + ((yy - glare_at[1] * gh) / (0.08 * gh)) ** 2))
            glass = np.clip(glass + (r.glare * 255 * spot)[:, :, None], 0, 255).astype(np.uint8)
        matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [gw, 0], [gw, gh], [0, gh]]), quad)
        camera = background.copy() if r.bezel else np.zeros((ch, cw, 3), np.uint8)
        if r.bezel:  # the tablet's black frame, 7 % wider than its glass
            frame_quad = (quad - centre.astype(np.float32)) * 1.07 + centre.astype(np.float32)
            cv2.fillConvexPoly(camera, frame_quad.astype(np.int32), (18, 18, 20), lineType=cv2.LINE_AA)
        warped = cv2.warpPerspective(glass, matrix, (cw, ch), flags=cv2.INTER_LINEAR)
        inside = cv2.warpPerspective(np.full((gh, gw), 255, np.uint8), matrix, (cw, ch)) > 127
        camera[inside] = warped[inside]
        img = camera.astype(np.float32)
        img = img * (1 - r.ambient) + 255 * r.ambient * 0.8  # room light on the glass lifts the blacks
        if r.blur:
            img = cv2.GaussianBlur(img, (0, 0), r.blur)
        img = np.clip(img + rng.normal(0, r.noise, img.shape), 0, 255).astype(np.uint8)
        ok, jpeg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, r.jpeg])
        out.append(cv2.imdecode(jpeg, cv2.IMREAD_COLOR))
    return out


def read_video(path: Path, count: int, start: int = 0) -> list[np.ndarray]:
    import cv2

    cap = cv2.VideoCapture(str(path))
    frames = []
    i = 0
    while len(frames) < count:
        ok, frame = cap.read()
        if not ok:
            break
        if i >= start:
            frames.append(frame)
        i += 1
    cap.release()
    if not frames:
        raise SystemExit(f"{path}: no frames")
    return frames


def main() -> int:
    import cv2

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    p.add_argument("--out", type=Path, default=Path("/tmp/facepay-replays"))
    p.add_argument("--frames", type=int, default=90, help="frames per replay (at the video's own rate)")
    args = p.parse_args()
    for seed, video in enumerate(VIDEOS):
        frames = read_video(args.data / video, args.frames)
        for k, rendering in enumerate(RENDERINGS):
            folder = args.out / rendering.name / Path(video).stem
            folder.mkdir(parents=True, exist_ok=True)
            for i, img in enumerate(render(frames, rendering, seed=1000 * seed + k)):
                cv2.imwrite(str(folder / f"{i:04d}.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 95])
            print(folder, len(frames), "frames", "(held out)" if rendering.name in HELD_OUT else "")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A replay-attack set made from the real videos in the shared data: each video played on a phone or
tablet screen and filmed by a kiosk camera, under varied conditions.

    python benchmarks/replay_set.py [--data ../shared/data] [--out /tmp/facepay-replays] [--frames 90] [--workers N]

Each rendering varies what a real attacker varies:
- the screen: a phone close enough that no bezel shows, or a tablet with its bezel and the room
  around it;
- the screen's brightness and gamma, and its pixel grid (moiré when the camera's sampling beats
  against it, or a grid too fine to alias);
- the camera's blur, noise and JPEG compression;
- a hand's shake and slow drift;
- a lit room (ambient light on the glass, and a glare spot fixed on the screen).

The camera is simulated in the order a real one works: the scene (screen, its dark pixel matrix,
the room) at 4x the sensor's resolution, the lens's blur, then each sensor pixel integrating its
area, which is where a pixel grid finer than the sensor aliases into moiré; then focus and motion
blur, noise and JPEG. Each video starts where its face is in view.

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
# Where each video's face is in view: the Hamilton clip opens on other shots, its face from frame 82.
FIRST_FACE = {"short_hamilton_clip.mp4": 82}


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


SUPER = 4  # the optics are simulated at 4x the sensor's resolution, then the sensor samples
LENS_SIGMA = 0.35  # an in-focus webcam lens's blur, in sensor pixels: sharp enough to let moiré through
LIT = 0.75  # the share of a screen pixel's width that emits; the rest is the dark matrix
MATRIX_LEAK = 0.08  # the matrix still scatters a little light


def screen_image(frame: np.ndarray, r: Rendering, size: tuple[int, int]) -> np.ndarray:
    """What the screen shows, one value per screen pixel, through its gamma and brightness (float,
    0..1). The dark matrix between the pixels is laid over it where it lands in the optics'
    picture (`matrix_mask`); the colour sub-pixels are a third of a pixel wide, far below what
    the camera resolves, and are left out."""
    import cv2

    img = cv2.resize(frame, size, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    return np.clip(img ** r.gamma * r.gain, 0, 1)


def matrix_mask(to_scene: np.ndarray, glass_shape: tuple[int, int], shape: tuple[int, int]) -> np.ndarray:
    """Each optics pixel's emission factor from the screen's pixel grid: the lit share of a pixel
    emits 1/(lit mean)^2 so the screen is as bright on average as one without a grid. Where each
    optics pixel lands on the glass comes from warping the glass's own coordinates."""
    import cv2

    gh, gw = glass_shape
    h, w = shape
    across = np.ascontiguousarray(np.broadcast_to(np.arange(gw, dtype=np.float32) + 0.5, (gh, gw)))
    down = np.ascontiguousarray(np.broadcast_to((np.arange(gh, dtype=np.float32) + 0.5)[:, None], (gh, gw)))
    u = cv2.warpPerspective(across, to_scene, (w, h), flags=cv2.INTER_LINEAR)
    v = cv2.warpPerspective(down, to_scene, (w, h), flags=cv2.INTER_LINEAR)
    mean = LIT + (1 - LIT) * MATRIX_LEAK
    lit_u = np.where(u % 1.0 < LIT, np.float32(1.0), np.float32(MATRIX_LEAK))
    lit_v = np.where(v % 1.0 < LIT, np.float32(1.0), np.float32(MATRIX_LEAK))
    return lit_u * lit_v / np.float32(mean * mean)


def _optics(scene: np.ndarray) -> np.ndarray:
    """The lens blurs the scene, then each sensor pixel integrates its area: a grid finer than the
    sensor aliases here, as it does in a real camera, into moiré at a realistic strength."""
    import cv2

    blurred = cv2.GaussianBlur(scene, (0, 0), LENS_SIGMA * SUPER)
    return cv2.resize(blurred, (scene.shape[1] // SUPER, scene.shape[0] // SUPER), interpolation=cv2.INTER_AREA)


def render(frames: list[np.ndarray], r: Rendering, seed: int) -> list[np.ndarray]:
    import cv2

    rng = np.random.default_rng(seed)
    cw, ch = CAMERA
    W, H = cw * SUPER, ch * SUPER
    background = cv2.resize(room(rng), (W, H), interpolation=cv2.INTER_LINEAR).astype(np.float32) / 255.0
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
    spot = None
    out = []
    for frame in frames:
        offset += rng.normal(0, r.shake, 2) * 0.5 - offset * 0.1 + drift / 30.0
        centre = (np.array([cw / 2, ch / 2]) + offset) * SUPER
        # The screen's corners (in the optics' pixels), narrowed on one side by its tilt away from the camera.
        squeeze = np.sin(np.radians(r.tilt)) * 0.5
        half_w, half_h = sw * SUPER / 2, sh * SUPER / 2
        quad = np.float32([[-half_w, -half_h * (1 - squeeze)], [half_w, -half_h], [half_w, half_h],
                           [-half_w, half_h * (1 - squeeze)]]) + centre.astype(np.float32)
        glass = screen_image(frame, r, res)
        gh, gw = glass.shape[:2]
        # A glare spot fixed on the glass: it moves with the screen, never with the head.
        if r.glare:
            if spot is None:
                yy, xx = np.mgrid[0:gh, 0:gw].astype(np.float32)
                spot = (r.glare * np.exp(-(((xx - glare_at[0] * gw) / (0.12 * gw)) ** 2
                                           + ((yy - glare_at[1] * gh) / (0.08 * gh)) ** 2)))[:, :, None]
            glass = np.clip(glass + spot, 0, 1)
        to_scene = cv2.getPerspectiveTransform(np.float32([[0, 0], [gw, 0], [gw, gh], [0, gh]]), quad)
        scene = background.copy() if r.bezel else np.zeros((H, W, 3), np.float32)
        if r.bezel:  # the tablet's black frame, 7 % wider than its glass
            frame_quad = (quad - centre.astype(np.float32)) * 1.07 + centre.astype(np.float32)
            cv2.fillConvexPoly(scene, frame_quad.astype(np.int32), (0.07, 0.07, 0.08), lineType=cv2.LINE_AA)
        shown = cv2.warpPerspective(glass, to_scene, (W, H), flags=cv2.INTER_LINEAR)
        inside = cv2.warpPerspective(np.ones((gh, gw), np.float32), to_scene, (W, H), flags=cv2.INTER_LINEAR)[:, :, None]
        if r.grid_pitch:
            shown *= matrix_mask(to_scene, (gh, gw), (H, W))[:, :, None]
        scene = scene * (1 - inside) + shown * inside
        img = np.clip(_optics(scene) * 255, 0, 255)
        img = img * (1 - r.ambient) + 255 * r.ambient * 0.8  # room light on the glass lifts the blacks
        if r.blur:  # focus, motion and the camera's own processing, after the sensor
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


def _render_one(job: tuple[Path, Path, int, int, int]) -> str:
    import cv2

    data, out, count, seed, k = job
    video, rendering = VIDEOS[seed], RENDERINGS[k]
    frames = read_video(data / video, count, start=FIRST_FACE.get(Path(video).name, 0))
    folder = out / rendering.name / Path(video).stem
    folder.mkdir(parents=True, exist_ok=True)
    for i, img in enumerate(render(frames, rendering, seed=1000 * seed + k)):
        cv2.imwrite(str(folder / f"{i:04d}.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 95])
    return f"{folder} {len(frames)} frames" + (" (held out)" if rendering.name in HELD_OUT else "")


def main() -> int:
    import multiprocessing
    import os

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    p.add_argument("--out", type=Path, default=Path("/tmp/facepay-replays"))
    p.add_argument("--frames", type=int, default=90, help="frames per replay (at the video's own rate)")
    p.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1))
    args = p.parse_args()
    jobs = [(args.data, args.out, args.frames, seed, k) for seed in range(len(VIDEOS)) for k in range(len(RENDERINGS))]
    with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
        for line in pool.imap_unordered(_render_one, jobs):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

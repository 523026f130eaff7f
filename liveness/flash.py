"""A screen-light challenge: the kiosk's own display flashes a short random sequence of colours
while the camera watches the face. Skin a few tens of centimetres from a bright display takes on
each colour a moment later; a phone or tablet held up to the camera shows its own pictures, lit by
its own backlight, and does not follow a sequence it cannot know in advance.

Measured on the face's inner region as chromaticity (each channel's share of the sum), so the
skin's own colour and the room's brightness drop out: per step, the mean chromaticity once the
display and camera have settled; the steps' deviations from their own mean must point the way the
colours shown point (their correlation), and be large enough to be light from the display rather
than noise (their amplitude).

Off by default: it cannot be validated on recordings, only at a kiosk with real shoppers
(docs/liveness.md says what a field trial must show before it is turned on).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from liveness.cues import COLOURS

# What the display shows, as BGR (the camera's order), and how each looks as a chromaticity.
_CHROMA = {name: np.array(bgr, np.float64) / sum(bgr) for name, bgr in COLOURS.items()}


@dataclass(frozen=True)
class FlashConfig:
    # 8 steps of 0.25 s: 2 s of the shopper's time. A screen flashing its own random sequence
    # with the kiosk's timing passed 1.0 % of 300 synthetic tries at these settings (6 steps at
    # 0.7: 6.5 %; tests/liveness/test_flash.py).
    steps: int = 8
    step_seconds: float = 0.25
    # Frames this soon after a colour change are left out: the display, the camera's exposure and
    # its frame latency need this long before the face shows the new colour.
    settle_seconds: float = 0.1
    min_correlation: float = 0.8
    # The steps' chromaticity deviations, root mean square: below this the face did not visibly
    # take on the display's light (a screen held up, or a display too dim for the room).
    min_amplitude: float = 0.004

    def __post_init__(self) -> None:
        if (why := self.problem()) is not None:
            raise ValueError(why)

    def problem(self) -> str | None:
        if not 3 <= self.steps <= 20:
            return f"a screen-light sequence of {self.steps} steps; it must be 3 to 20"
        # WCAG 2.3.1: at most 3 flashes (pairs of opposite changes) a second, or a full screen of
        # saturated colour can set off a seizure: a step of 1/6 s is the shortest allowed.
        if not 1 / 6 <= self.step_seconds <= 1.0:
            return f"a screen-light step of {self.step_seconds} s; it must be 1/6 s (3 flashes a second) to 1 s"
        if not 0 <= self.settle_seconds < self.step_seconds:
            return "the settle time must be shorter than a step"
        return None


@dataclass(frozen=True)
class FlashResult:
    passed: bool
    correlation: float
    amplitude: float
    reason: str = ""
    attack: bool = False  # the face changed colour, but not with the screen: evidence, not bad luck


def random_sequence(steps: int, rng: random.Random | None = None) -> list[str]:
    """Colours in an order no one can know in advance: every colour at least once, never the same
    twice in a row (a change is what the camera must see)."""
    rng = rng or random.SystemRandom()
    names = sorted(COLOURS)
    while True:
        sequence = [rng.choice(names)]
        while len(sequence) < steps:
            sequence.append(rng.choice([n for n in names if n != sequence[-1]]))
        if set(sequence) == set(names):
            return sequence


def face_chroma(frame_bgr: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray | None:
    """The chromaticity of the face's inner half (cheeks, nose, forehead; no hair or background)."""
    left, top, right, bottom = box
    w, h = right - left, bottom - top
    x0, x1 = max(0, int(left + w / 4)), min(frame_bgr.shape[1], int(right - w / 4))
    y0, y1 = max(0, int(top + h / 4)), min(frame_bgr.shape[0], int(bottom - h / 4))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    mean = frame_bgr[y0:y1, x0:x1].reshape(-1, 3).mean(axis=0).astype(np.float64)
    total = mean.sum()
    return None if total < 1.0 else mean / total


@dataclass
class FlashChallenge:
    """One sequence over one stretch of frames. `feed` each frame with its time and the face box:
    it returns the colour the display must show from now on (None once the sequence is over)."""

    colours: list[str]
    config: FlashConfig = field(default_factory=FlashConfig)
    start: float | None = None
    _samples: list[tuple[float, np.ndarray]] = field(default_factory=list)
    _last: float | None = None

    @classmethod
    def random(cls, config: FlashConfig = FlashConfig(), rng: random.Random | None = None) -> FlashChallenge:
        return cls(random_sequence(config.steps, rng), config)

    @property
    def seconds(self) -> float:
        return len(self.colours) * self.config.step_seconds

    def colour_at(self, t: float) -> str | None:
        if self.start is None or t < self.start:
            return None
        step = int((t - self.start) / self.config.step_seconds)
        return self.colours[step] if step < len(self.colours) else None

    @property
    def done(self) -> bool:
        return self.start is not None and self._last is not None and self._last >= self.start + self.seconds

    def feed(self, t: float, frame_bgr: np.ndarray | None, box: tuple[int, int, int, int] | None) -> str | None:
        if self.start is None:
            self.start = t  # the first colour goes up now; frames show it from the next one on
        self._last = t
        if frame_bgr is not None and box is not None and (chroma := face_chroma(frame_bgr, box)) is not None:
            self._samples.append((t, chroma))
        return self.colour_at(t)

    def result(self) -> FlashResult:
        if self.start is None:
            return FlashResult(False, 0.0, 0.0, "the screen-light check did not run")
        measured, expected = [], []
        for step, colour in enumerate(self.colours):
            begin = self.start + step * self.config.step_seconds + self.config.settle_seconds
            end = self.start + (step + 1) * self.config.step_seconds
            inside = [c for t, c in self._samples if begin <= t < end]
            if inside:
                measured.append(np.mean(inside, axis=0))
                expected.append(_CHROMA[colour])
        if len(measured) < max(3, len(self.colours) // 2) or len({tuple(e) for e in expected}) < 2:
            return FlashResult(False, 0.0, 0.0, "too few frames of the face while the screen changed colour")
        m = np.array(measured) - np.mean(measured, axis=0)
        e = np.array(expected) - np.mean(expected, axis=0)
        amplitude = float(np.sqrt(np.mean(m ** 2)))
        denominator = float(np.linalg.norm(m) * np.linalg.norm(e))
        correlation = float((m * e).sum() / denominator) if denominator > 0 else 0.0
        if amplitude < self.config.min_amplitude:
            return FlashResult(False, correlation, amplitude, "the face did not take on the screen's light")
        if correlation < self.config.min_correlation:
            return FlashResult(False, correlation, amplitude, "the face's colour did not follow the screen's", attack=True)
        return FlashResult(True, correlation, amplitude)

"""Kiosk sessions cut from the measured real clips (benchmarks/real_clips.py), judged by the
runtime's own code (liveness.screen.ScreenCues, liveness.fusion.weigh).

A kiosk's evidence comes from one short capture: about a second to learn the face, then two
challenges, so three to five seconds of frames. Each clip is cut into sessions of SESSION_SECONDS
(the last piece kept when it is at least MIN_SECONDS long), and also judged whole, as
`facepay liveness --passive-only` judges a file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from real_clips import SCREEN_VALUES, Clip

from liveness.fusion import Evidence, LivenessConfig, weigh
from liveness.screen import ScreenCues

SESSION_SECONDS = 4.0
MIN_SECONDS = 2.0


@dataclass(frozen=True)
class Session:
    clip: Clip
    start: float  # seconds into the clip; -1 for the whole clip
    passive: tuple[float, ...]
    cues: dict[str, float]

    @property
    def attack(self) -> bool:
        return self.clip.kind == "attack"


def _session(clip: Clip, arrays: dict[str, np.ndarray], keep: np.ndarray, start: float) -> Session | None:
    if keep.sum() < 3:
        return None
    cues = ScreenCues()
    for values, edges, box in zip(arrays["s_values"][keep], arrays["s_edges"][keep], arrays["s_boxes"][keep]):
        found = None if np.isnan(edges).all() else tuple(float(e) for e in edges)
        cues.add_measured(dict(zip(SCREEN_VALUES, (float(v) for v in values[1:]))), found,  # type: ignore[arg-type]
                          tuple(int(b) for b in box))  # type: ignore[arg-type]
    return Session(clip, start, tuple(float(v) for v in arrays["s_values"][keep, 0]), cues.medians())


def cut(clip: Clip, arrays: dict[str, np.ndarray], seconds: float = SESSION_SECONDS) -> list[Session]:
    """The clip's kiosk-length sessions, in order."""
    times = arrays["s_times"]
    if not len(times):
        return []
    end = float(arrays["times"][-1])
    out, start = [], 0.0
    while start < end and (end - start >= MIN_SECONDS or not out):
        s = _session(clip, arrays, (times >= start) & (times < start + seconds), start)
        if s is not None:
            out.append(s)
        start += seconds
    return out


def whole(clip: Clip, arrays: dict[str, np.ndarray]) -> Session | None:
    return _session(clip, arrays, np.ones(len(arrays["s_times"]), bool), -1.0)


def judge(session: Session, config: LivenessConfig) -> Evidence:
    return weigh(list(session.passive), session.cues, config).evidence

"""The kiosk's two sounds, made here rather than shipped as files: a rising pair of notes that
confirms a step (a blink or a turn was seen), and three even beeps that warn before a time limit
runs out. Told apart by pitch and rhythm, not loudness, and both short."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos_app.speech.engine import Audio

if TYPE_CHECKING:  # numpy loads when a tone is first made
    import numpy as np

RATE = 22050


def _note(hz: float, seconds: float, volume: float = 0.4) -> np.ndarray:
    import numpy as np

    t = np.arange(int(RATE * seconds)) / RATE
    # 10 ms ramps at each end: a clicking edge is unpleasant in a headset.
    ramp = np.minimum(1.0, np.minimum(t, seconds - t) / 0.01)
    return volume * np.sin(2 * np.pi * hz * t) * ramp


def _gap(seconds: float) -> np.ndarray:
    import numpy as np

    return np.zeros(int(RATE * seconds))


def _audio(parts: list[np.ndarray]) -> Audio:
    import numpy as np

    return Audio((np.concatenate(parts) * 32767).astype(np.int16), RATE)


def confirm() -> Audio:
    return _audio([_note(660, 0.12), _gap(0.04), _note(990, 0.18)])


def warning() -> Audio:
    return _audio([_note(520, 0.15), _gap(0.12), _note(520, 0.15), _gap(0.12), _note(520, 0.15)])


TONES = {"confirm": confirm, "warning": warning}

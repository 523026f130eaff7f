"""The offline voice: espeak-ng, run as its own program.

Why espeak-ng: it is a Debian package on the kiosk's own OS (the installer adds it), has voices for
Norwegian Bokmål and English, renders a sentence in milliseconds on a 2-core PC with no model to
download, and speaks numbers and amounts in either language. Piper sounds better, but its voices
are downloads with mixed licences; Qt TextToSpeech would drag in PySide6-Addons and
speech-dispatcher only to end up at espeak-ng too. Run as a separate program (never linked), its
GPL licence stays with it.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy loads with the first sound, not with the kiosk's first screen
    import numpy as np

VOICES = {"nb": "nb", "en": "en-gb"}
# Slower than espeak's 175 words a minute: the kiosk speaks to people who did not ask to hurry.
WORDS_PER_MINUTE = 150


class SpeechUnavailable(RuntimeError):
    """No voice on this machine: the kiosk still works, silently."""


@dataclass(frozen=True)
class Audio:
    """Mono 16-bit PCM."""

    samples: np.ndarray  # int16
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    @property
    def rms(self) -> float:
        import numpy as np

        return float(np.sqrt(np.mean(self.samples.astype(np.float64) ** 2))) if len(self.samples) else 0.0

    def scaled(self, gain: float) -> Audio:
        """Louder or softer (gain 0..1 of what was rendered)."""
        import numpy as np

        return Audio((self.samples.astype(np.float64) * gain).round().astype(np.int16), self.rate)

    def wav(self) -> bytes:
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.rate)
            w.writeframes(self.samples.astype("<i2").tobytes())
        return out.getvalue()

    @classmethod
    def from_wav(cls, data: bytes) -> Audio:
        import numpy as np

        with wave.open(io.BytesIO(data), "rb") as w:
            if w.getsampwidth() != 2 or w.getnchannels() != 1:
                raise ValueError("expected mono 16-bit audio")
            return cls(np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").copy(), w.getframerate())


class Espeak:
    def __init__(self, program: str | None = None, words_per_minute: int = WORDS_PER_MINUTE) -> None:
        found = program or shutil.which("espeak-ng")
        if not found:
            raise SpeechUnavailable("espeak-ng is not installed (Debian: apt install espeak-ng)")
        self.program = found
        self.words_per_minute = words_per_minute

    def render(self, text: str, language: str) -> Audio:
        """The spoken text as audio. The text goes in on stdin, never as an argument: it may
        start with a dash, and it never reaches a shell."""
        voice = VOICES.get(language, VOICES["en"])
        try:
            done = subprocess.run([self.program, "-v", voice, "-s", str(self.words_per_minute), "--stdout"],
                                  input=text.encode("utf-8"), capture_output=True, timeout=20, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpeechUnavailable(f"espeak-ng could not speak: {exc}") from exc
        return Audio.from_wav(_fix_stream_header(done.stdout))


def _fix_stream_header(data: bytes) -> bytes:
    """espeak-ng writing to a pipe cannot seek back, so its WAV header says the data is 0x7fffffff
    bytes long; put the real sizes in before the wave module reads it."""
    if len(data) < 44 or data[:4] != b"RIFF" or data[36:40] != b"data":
        raise SpeechUnavailable("espeak-ng gave no audio")
    size = len(data) - 44
    return data[:4] + (size + 36).to_bytes(4, "little") + data[8:40] + size.to_bytes(4, "little") + data[44:]

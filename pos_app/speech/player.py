"""The speaker: renders and plays speech and tones on a thread of its own, so the kiosk's UI never
waits for a voice. A new screen interrupts what the last one was still saying; a tone never does.

Where the sound goes is an `AudioOut`: the sound card (aplay, or paplay under PulseAudio/PipeWire),
or a folder of numbered WAV files (tests, and `facepay speech` to hear a sample on another PC)."""

from __future__ import annotations

import logging
import os
import queue
import shutil
import subprocess
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pos_app.speech.engine import Audio, Espeak, SpeechUnavailable
from pos_app.speech.tones import TONES  # its tones are made (with numpy) when first played

log = logging.getLogger(__name__)


class AudioOut(Protocol):
    def play(self, audio: Audio, label: str) -> None:
        """Play to the end, unless stop() is called from another thread."""

    def stop(self) -> None: ...


class SoundCard:
    """The kiosk's sound card or headset, through the system's player."""

    def __init__(self) -> None:
        pulse = os.environ.get("PULSE_SERVER") or Path(f"/run/user/{os.getuid()}/pulse").exists()
        program = (shutil.which("paplay") if pulse else None) or shutil.which("aplay")
        if program is None:
            raise SpeechUnavailable("no audio player (Debian: apt install alsa-utils)")
        self.command = [program] if program.endswith("paplay") else [program, "-q"]
        self._playing: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def play(self, audio: Audio, label: str) -> None:
        with self._lock:
            self._playing = subprocess.Popen([*self.command, "-"], stdin=subprocess.PIPE,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        process = self._playing
        try:
            _, err = process.communicate(audio.wav(), timeout=120)
        except (subprocess.TimeoutExpired, BrokenPipeError):
            process.kill()
            return
        if process.returncode not in (0, -15) and err:
            log.warning("could not play sound: %s", err.decode(errors="replace").strip()[:200])

    def stop(self) -> None:
        with self._lock:
            if self._playing is not None and self._playing.poll() is None:
                self._playing.terminate()


class WavFolder:
    """Every sound as a numbered WAV file, with its text in a list beside them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.files: list[Path] = []

    def play(self, audio: Audio, label: str) -> None:
        path = self.folder / f"{len(self.files) + 1:03d}.wav"
        path.write_bytes(audio.wav())
        self.files.append(path)
        with (self.folder / "list.txt").open("a", encoding="utf-8") as f:
            f.write(f"{path.name}\t{audio.seconds:.2f} s\t{label}\n")

    def stop(self) -> None:
        pass


@dataclass(frozen=True)
class Said:
    kind: str  # "speech" or "tone"
    text: str  # the words, or the tone's name
    language: str = ""


# Loudness steps (a share of full scale) the shopper moves through: 0.8 is 12 dB above the softest,
# as EN 301 549 8.2.1.2 asks of an intermediate step. Each session starts at DEFAULT_VOLUME
# (5.1.3.13); what full scale is in dBA is the kiosk's amplifier and speaker (docs/accessibility.md).
VOLUMES = (0.2, 0.4, 0.8, 1.0)
DEFAULT_VOLUME = 2
SAID_KEPT = 500


class Speaker:
    """Queues what to say; `said` lists the latest SAID_KEPT requests, in order (what a test or the
    log checks; bounded, as a kiosk runs for weeks).
    Without a voice it still plays the tones."""

    def __init__(self, voice: Espeak | None, out: AudioOut) -> None:
        self.voice, self.out = voice, out
        self.said: deque[Said] = deque(maxlen=SAID_KEPT)
        self._queue: queue.Queue[Said | None] = queue.Queue()
        self._pending = 0  # queued or playing; guarded by _lock
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self.volume = DEFAULT_VOLUME  # an index into VOLUMES
        self._thread = threading.Thread(target=self._run, name="speaker", daemon=True)
        self._thread.start()

    @property
    def can_speak(self) -> bool:
        return self.voice is not None

    def say(self, text: str, language: str, interrupt: bool = True) -> None:
        if not text.strip() or self.voice is None:
            return
        if interrupt:
            self._clear()
        self._put(Said("speech", text, language))

    def tone(self, name: str) -> None:
        if name not in TONES:
            raise ValueError(f"no tone called {name!r}")
        self._put(Said("tone", name))

    def silence(self) -> None:
        """Speech mode is off: stop talking at once."""
        self._clear()

    def wait(self, timeout: float = 30.0) -> bool:
        """Until everything queued has been played (tests and `facepay speech`)."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        self._clear()
        self._queue.put(None)
        self._thread.join(timeout=5)

    def _put(self, item: Said) -> None:
        self.said.append(item)
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._queue.put(item)

    def _done(self, count: int = 1) -> None:
        with self._lock:
            self._pending -= count
            if self._pending <= 0:
                self._pending = 0
                self._idle.set()

    def _clear(self) -> None:
        dropped = 0
        while True:
            try:
                if self._queue.get_nowait() is not None:
                    dropped += 1
            except queue.Empty:
                break
        self.out.stop()
        if dropped:
            self._done(dropped)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            try:
                if item.kind == "tone":
                    audio = TONES[item.text]()
                else:
                    assert self.voice is not None
                    audio = self.voice.render(item.text, item.language)
                self.out.play(audio.scaled(VOLUMES[self.volume]), f"{item.kind}: {item.text}")
            except Exception:  # noqa: BLE001 - a failed sound must never stop the kiosk
                log.exception("could not play %s", item.kind)
            finally:
                self._done()


def kiosk_speaker() -> Speaker | None:
    """The kiosk's own: its voice and sound card, or None when it has no sound card at all."""
    try:
        out = SoundCard()
    except SpeechUnavailable as exc:
        log.warning("no sound: %s", exc)
        return None
    try:
        voice: Espeak | None = Espeak()
    except SpeechUnavailable as exc:
        log.warning("no speech: %s", exc)
        voice = None
    return Speaker(voice, out)

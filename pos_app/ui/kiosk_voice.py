"""What the kiosk says in speech mode: each screen as it appears, each capture instruction as it
changes, the sounds that confirm a step, each key typed, and where the keyboard focus lands. The
words are `pos_app.speech.script`'s; this object knows only when to say them."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.flows.checkout_screen import Screen, Stage
from pos_app.speech import script
from pos_app.ui.i18n import Language
from pos_app.ui.kiosk_access import AccessModes
from pos_app.ui.qt import QtWidgets


class KioskVoice:
    def __init__(self, modes: AccessModes, language: Language, *, key_mode: str, demo: bool,
                 choices: Callable[[], list[str]]) -> None:
        self.modes, self.language, self.key_mode, self.demo = modes, language, key_mode, demo
        self.choices = choices  # the buttons the current page offers, in focus order
        self.last = ""  # what `/` repeats
        self._typed = ""

    @property
    def on(self) -> bool:
        return self.modes.speech

    def say(self, text: str, interrupt: bool = True, remember: bool = True) -> None:
        if self.modes.speaker is not None and self.modes.speech and text:
            if remember:
                self.last = text
            self.modes.speaker.say(text, self.language.code, interrupt=interrupt)

    def line(self, key: str, interrupt: bool = True, remember: bool = True, **values: str) -> None:
        self.say(script.line(key, self.language.code, **values), interrupt, remember)

    def tone(self, name: str) -> None:
        """A sound plays in every mode (the time warning must reach people who do not read)."""
        if self.modes.speaker is not None:
            self.modes.speaker.tone(name)

    def turned_on(self, screen: Screen | None) -> None:
        """How speech works, then what the screen shows now."""
        self.line("speech_on")
        self.screen(screen or Screen(Stage.IDLE), None, interrupt=False)

    def screen(self, screen: Screen, previous: Screen | None, interrupt: bool = True) -> None:
        if not self.modes.speech:
            return
        lang = self.language.code
        if screen.stage is Stage.CAPTURE and previous is not None and previous.stage is Stage.CAPTURE:
            if screen.detail.get("done", 0) > previous.detail.get("done", 0):
                self.tone("confirm")  # a blink or a turn was seen
            if screen.detail.get("other") and not previous.detail.get("other"):
                self.line("other_challenge", interrupt=False)
            if screen.detail.get("step_up") and not previous.detail.get("step_up"):
                self.line("step_up", interrupt=False)
            said = script.capture_speech(screen, lang)
            if said and said != script.capture_speech(previous, lang):
                self.say(said, interrupt=False)
            return
        if screen.stage is Stage.CAPTURE and previous is not None and previous.stage is Stage.CLAIM:
            self.tone("confirm")  # the pass was read, as the claim screen promised
            interrupt = False
        self.say(script.screen_speech(screen, lang, key_mode=self.key_mode, demo=self.demo, buttons=self.choices(),
                                      private=self.modes.private), interrupt=interrupt)

    def cancelled(self) -> None:
        lang = self.language.code
        self.say(script.screen_speech(Screen(Stage.CANCELLED), lang) + " "
                 + script.screen_speech(Screen(Stage.IDLE), lang, demo=self.demo, buttons=self.choices()))

    def typed(self, text: str) -> None:
        """Each key typed is said back (EN 301 549 5.1.3.1: input verification); an erased one
        says what is left."""
        if self.modes.speech:
            self.say(text[-1] if len(text) > len(self._typed) and text else " ".join(text), remember=False)
        self._typed = text

    def forget_typing(self) -> None:
        self._typed = ""

    def repeat(self) -> None:
        if self.last:
            self.say(self.last)

    def volume(self) -> None:
        level, levels = self.modes.volume
        self.line("volume", remember=False, level=str(level), levels=str(levels))

    def focus(self, widget: QtWidgets.QWidget) -> None:
        """Where the focus landed, as a screen reader would say it."""
        name = widget.accessibleName() or (widget.text() if isinstance(widget, QtWidgets.QAbstractButton) else "")
        description = widget.accessibleDescription() or widget.toolTip()
        self.say(script.line("focus", self.language.code, name=name, description=description).strip(" ."),
                 remember=False)

"""Norwegian Bokmål and English through Qt's translation system.

Source strings are English, wrapped in `tr("...")` so `pyside6-lupdate` finds them; the Bokmål
catalogue is resources/translations/facepay_nb.ts, compiled to facepay_nb.qm (a test keeps the two
in step). Screens re-read their texts when `Language.changed` fires, so switching is instant.
"""

from __future__ import annotations

from importlib.resources import as_file

from facepay_resources import resource
from pos_app.ui.qt import QCoreApplication, QObject, QTranslator, Signal

LANGUAGE_NAMES = {"nb": "Norsk", "en": "English"}  # each in its own language: never translated


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)


class Language(QObject):
    changed = Signal(str)
    # Qt's translators are application-wide, so the language is too: whichever Language object
    # sets it replaces the catalogue any other one installed.
    _installed: QTranslator | None = None

    def __init__(self, code: str = "nb") -> None:
        super().__init__()
        self.code = "en"
        self.set(code)

    def set(self, code: str) -> None:
        if code not in LANGUAGE_NAMES:
            code = "en"
        app = QCoreApplication.instance()
        if Language._installed is not None and app is not None:
            app.removeTranslator(Language._installed)
            Language._installed = None
        if code != "en" and app is not None:
            translator = QTranslator()
            with as_file(resource("translations", f"facepay_{code}.qm")) as path:
                if not translator.load(str(path)):
                    raise RuntimeError(f"the {code} translation is missing from this installation")
            app.installTranslator(translator)
            Language._installed = translator
        self.code = code
        self.changed.emit(code)

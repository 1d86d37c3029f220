"""Translations: Chinese is the source language; English from resources/translations/dengbao_en.qm."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))

_keep: list[QTranslator] = []


def translations_dir() -> Path:
    return Path(str(resources.files("resources") / "translations"))


def install(app: QApplication, lang: str) -> str:
    """Install Qt's own and our translators for ``lang``; return the language in effect."""
    lang = "en" if lang.lower().startswith("en") else "zh_CN"
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if lang == "zh_CN":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        for name in ("qtbase_zh_CN", "qt_zh_CN"):
            tr = QTranslator(app)
            if tr.load(name, qt_dir):
                app.installTranslator(tr)
                _keep.append(tr)
                break
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        tr = QTranslator(app)
        if tr.load("dengbao_en", str(translations_dir())):
            app.installTranslator(tr)
            _keep.append(tr)
    return lang

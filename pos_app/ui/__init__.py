"""Qt screens. The only package that imports PySide6, always through pos_app.ui.qt."""

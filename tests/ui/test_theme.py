"""The look: tokens make readable light and dark palettes, the manager applies them and
follows the system, and action icons re-tint when the palette changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from si_desktop.core.branding import contrast_ratio
from si_desktop.ui.icons import icon
from si_desktop.ui.theme import (
    DARK,
    LIGHT,
    SYSTEM,
    SchemeName,
    ThemeManager,
    build_palette,
    build_stylesheet,
    tint_svg,
)
from si_desktop.ui.theme.stylesheet import SHEET_PROPERTY
from si_desktop.ui.theme.tokens import Colors


@pytest.fixture
def theme(qtbot: QtBot) -> Iterator[ThemeManager]:
    """A manager on the shared application; the application's look is put back after."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette, sheet, style = app.palette(), app.styleSheet(), app.style().name()
    kept = app.property(SHEET_PROPERTY)
    manager = ThemeManager(app, "light")
    try:
        yield manager
    finally:
        QGuiApplication.styleHints().colorSchemeChanged.disconnect(manager._on_system_changed)
        manager.deleteLater()
        app.setStyleSheet(sheet)
        app.setProperty(SHEET_PROPERTY, kept)
        app.setPalette(palette)
        if style:
            app.setStyle(style)


@pytest.mark.parametrize("tokens", [LIGHT, DARK], ids=["light", "dark"])
def test_text_reads_on_its_background(tokens: object) -> None:
    c = tokens.colors  # type: ignore[attr-defined]
    pairs = [
        (c.text, c.window, 7.0),
        (c.text, c.surface, 7.0),
        (c.muted, c.window, 4.5),
        (c.muted, c.surface, 4.5),
        (c.danger, c.window, 4.5),
        (c.on_accent, c.accent, 4.5),
        (c.on_badge, c.badge_surface, 4.5),
        (c.on_danger_surface, c.danger_surface, 4.5),
        (c.on_tooltip, c.tooltip, 4.5),
        (c.link, c.surface, 4.5),
    ]
    for text, background, minimum in pairs:
        assert contrast_ratio(text, background) >= minimum, (text, background)


def test_both_schemes_name_every_colour_role() -> None:
    for tokens in (LIGHT, DARK):
        for field in fields(Colors):
            value = getattr(tokens.colors, field.name)
            assert value.startswith("#") and len(value) == 7, (tokens.name, field.name)


def test_palette_and_stylesheet_come_from_the_tokens() -> None:
    palette = build_palette(DARK)
    assert palette.color(QPalette.ColorRole.Window).name() == DARK.colors.window
    assert palette.color(QPalette.ColorRole.Text).name() == DARK.colors.text
    assert palette.color(QPalette.ColorRole.Highlight).name() == DARK.colors.accent
    assert (
        palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText).name()
        == DARK.colors.disabled
    )
    sheet = build_stylesheet(LIGHT)
    for name in ("#errorBanner", "#demoBadge", "QLabel#problem"):
        assert name in sheet
    assert LIGHT.colors.danger_surface in sheet and DARK.colors.danger_surface not in sheet


def test_manager_applies_the_preference_and_says_so(qtbot: QtBot, theme: ThemeManager) -> None:
    assert theme.apply() is SchemeName.LIGHT
    assert QApplication.palette().color(QPalette.ColorRole.Window).name() == LIGHT.colors.window
    with qtbot.waitSignal(theme.scheme_changed) as changed:
        theme.set_preference("dark")
    assert changed.args == ["dark"]
    assert QApplication.palette().color(QPalette.ColorRole.Window).name() == DARK.colors.window
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert DARK.colors.badge_surface in str(app.property(SHEET_PROPERTY))
    assert app.styleSheet() == ""  # on the few widgets it styles, not on every widget


def test_styled_widgets_carry_the_sheet_and_follow_the_scheme(
    qtbot: QtBot, theme: ThemeManager
) -> None:
    from si_desktop.ui.banner import ErrorBanner
    from si_desktop.ui.widgets import problem_label

    theme.set_preference("light")
    banner = ErrorBanner()
    qtbot.addWidget(banner)
    problem = problem_label()
    qtbot.addWidget(problem)
    assert LIGHT.colors.danger_surface in banner.styleSheet()
    assert LIGHT.colors.danger in problem.styleSheet()
    theme.set_preference("dark")
    assert DARK.colors.danger_surface in banner.styleSheet()
    assert DARK.colors.danger in problem.styleSheet()
    problem.setText("Too long")
    problem.show()
    qtbot.waitExposed(problem)
    image = problem.grab().toImage()
    danger = QColor(DARK.colors.danger)
    assert any(
        abs(image.pixelColor(x, y).red() - danger.red()) < 40
        and abs(image.pixelColor(x, y).green() - danger.green()) < 40
        for x in range(image.width()) for y in range(image.height())
    )  # the text is drawn in the danger colour


def test_system_preference_follows_the_system(
    qtbot: QtBot, theme: ThemeManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    from si_desktop.ui.theme import manager as module

    monkeypatch.setattr(module, "system_scheme", lambda: SchemeName.DARK)
    theme.set_preference(SYSTEM)
    assert theme.scheme is SchemeName.DARK
    monkeypatch.setattr(module, "system_scheme", lambda: SchemeName.LIGHT)
    with qtbot.waitSignal(theme.scheme_changed):
        theme._on_system_changed(QGuiApplication.styleHints().colorScheme())
    assert theme.scheme is SchemeName.LIGHT
    theme.set_preference("dark")  # an explicit choice ignores the system
    theme._on_system_changed(QGuiApplication.styleHints().colorScheme())
    assert theme.scheme is SchemeName.DARK


def _ink(qicon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> set[str]:
    image = qicon.pixmap(48, 48, mode).toImage()
    return {
        image.pixelColor(x, y).name()
        for x in range(48)
        for y in range(48)
        if image.pixelColor(x, y).alpha() == 255
    }


def test_action_icons_re_tint_with_the_palette(theme: ThemeManager) -> None:
    save = icon("save")
    assert not save.isNull()
    theme.set_preference("light")
    assert _ink(save) == {LIGHT.colors.text}
    theme.set_preference("dark")
    assert _ink(save) == {DARK.colors.text}
    assert _ink(save, QIcon.Mode.Disabled) == {DARK.colors.disabled}


def test_tint_replaces_current_color_only() -> None:
    svg = '<svg stroke="currentColor" fill="none"><path stroke="currentColor"/></svg>'
    expected = '<svg stroke="#123456" fill="none"><path stroke="#123456"/></svg>'
    assert tint_svg(svg, "#123456") == expected


def test_missing_icons_are_empty_not_errors() -> None:
    assert icon("no-such-icon").isNull()
    assert icon("../secrets").isNull()
    assert not icon("app").isNull()


def test_a_focused_button_shows_the_focus_ring(qtbot: QtBot, theme: ThemeManager) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

    theme.set_preference("light")
    holder = QWidget()
    qtbot.addWidget(holder)
    row = QHBoxLayout(holder)
    row.addWidget(QLineEdit(holder))
    button = QPushButton("Button", holder)
    row.addWidget(button)
    holder.show()
    holder.activateWindow()
    qtbot.waitExposed(holder)

    def accent_pixels() -> int:
        """Pixels of about the accent's hue around the button: strongly blue, unlike the
        grey button (the ring is a frame just outside it)."""
        image = holder.grab(button.geometry().adjusted(-4, -4, 4, 4)).toImage()
        count = 0
        for x in range(image.width()):
            for y in range(image.height()):
                color = image.pixelColor(x, y)
                if color.blue() - color.red() > 60 and color.blue() - color.green() > 60:
                    count += 1
        return count

    before = accent_pixels()
    button.setFocus(Qt.FocusReason.OtherFocusReason)  # not by keyboard: still shown
    qtbot.waitUntil(button.hasFocus)
    assert accent_pixels() > before + 40
    ring = theme.focus_rings.ring
    assert ring is not None and ring.widget() is button


def _ring_on(theme: ThemeManager, widget: object) -> bool:
    ring = theme.focus_rings.ring
    return ring is not None and ring.widget() is widget


def _shown(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)


def test_the_ring_skips_text_fields_and_outlives_the_windows_it_was_in(
    qtbot: QtBot, theme: ThemeManager
) -> None:
    """A text field shows its focus itself; the ring leaves it. A ring that went with a
    closed dialog is made again for the next control."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QVBoxLayout

    holder = QWidget()
    qtbot.addWidget(holder)
    column = QVBoxLayout(holder)
    field, button = QLineEdit(holder), QPushButton("Open", holder)
    column.addWidget(field)
    column.addWidget(button)
    _shown(qtbot, holder)
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: _ring_on(theme, button))
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(field.hasFocus)
    assert _ring_on(theme, None)

    dialog = QDialog(holder)
    inside = QPushButton("OK", dialog)
    QVBoxLayout(dialog).addWidget(inside)
    _shown(qtbot, dialog)
    inside.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: _ring_on(theme, inside))
    dialog.close()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: theme.focus_rings.ring is None)  # it went with the dialog
    holder.activateWindow()
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: _ring_on(theme, button))


def test_a_toned_message_follows_a_change_of_scheme(qtbot: QtBot, theme: ThemeManager) -> None:
    """A line in a tone (the contrast check's "passes") is painted again for the new scheme:
    light green on dark, dark green on light."""
    from si_desktop.ui.editors.widgets import MessageLabel, Tone, tone_color

    theme.set_preference("light")
    page = QWidget()  # as on the branding page: a line inside a window
    qtbot.addWidget(page)
    label = MessageLabel(page)
    label.set_message("contrast 6.7:1, passes WCAG AA", Tone.OK)

    def shown() -> str:
        return label.palette().color(QPalette.ColorRole.WindowText).name()

    assert shown() == tone_color(build_palette(LIGHT), Tone.OK).name()
    theme.set_preference("dark")
    dark = tone_color(build_palette(DARK), Tone.OK).name()
    assert dark != tone_color(build_palette(LIGHT), Tone.OK).name()
    qtbot.waitUntil(lambda: shown() == dark)

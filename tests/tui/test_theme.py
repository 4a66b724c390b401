"""A theme picked in the command palette is remembered in the settings file; a bad settings file or an
unknown theme never stops the app; under light themes text takes the theme's readable colours."""

from __future__ import annotations

from pathlib import Path

from textual.color import Color
from textual.widget import Widget
from tui_support import AppFactory, press, settle

from storage.config import read_config
from tui.screens.main import MainScreen
from tui.widgets.detail import DetailBody


async def test_a_theme_picked_in_the_palette_is_there_after_a_restart(
    sample_journal: Path, make_app: AppFactory, tmp_path: Path
) -> None:
    config = tmp_path / "settings" / "config.toml"
    app = make_app(sample_journal, config_path=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_change_theme()  # the palette's "Change theme" command: a list of the themes
        await press(pilot, *"nord", "enter")
        assert app.theme == "nord"
    assert read_config(config).config.theme == "nord"
    again = make_app(sample_journal, config_path=config)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
        assert isinstance(again.screen, MainScreen)


async def test_a_corrupt_settings_file_is_said_once_left_alone_and_the_app_runs(
    sample_journal: Path, make_app: AppFactory, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("theme = 'nord\n# my notes\n", encoding="utf-8")
    app = make_app(sample_journal, config_path=config)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.theme == "textual-dark"
        [notice] = [n.message for n in app._notifications]
        assert "not valid TOML" in notice and "\n" not in notice
        app.theme = "nord"
        await settle(pilot)
        assert "Theme not saved" in [n.message for n in app._notifications][-1]
    assert config.read_text(encoding="utf-8") == "theme = 'nord\n# my notes\n"


async def test_an_unknown_theme_falls_back_to_the_default_and_a_new_pick_is_saved(
    sample_journal: Path, make_app: AppFactory, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "no-such-theme"\n', encoding="utf-8")
    app = make_app(sample_journal, config_path=config)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert [n.message for n in app._notifications] == [
            f"Unknown theme 'no-such-theme' in {config}: using the default theme."
        ]
        assert read_config(config).config.theme == "no-such-theme"  # not rewritten by just starting
        app.theme = "textual-light"
        await settle(pilot)
    assert read_config(config).config.theme == "textual-light"


def colours(widget: Widget, *texts: str) -> set[str]:
    """The foreground colours of the rendered segments of `widget` holding any of `texts`."""
    found = set()
    for strip in widget.render_lines(widget.region.reset_offset):
        for segment in strip:
            if segment.style and segment.style.color and any(text in segment.text for text in texts):
                found.add(segment.style.color.get_truecolor().hex.upper())
    return found


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        red, green, blue = (c / 255 for c in Color.parse(colour).rgb)
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


async def test_under_a_light_theme_headers_dates_markers_and_charts_take_the_themes_text_colours(
    sample_journal: Path, make_app: AppFactory, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "textual-light"\n', encoding="utf-8")
    app = make_app(sample_journal, config_path=config)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        variables = app.theme_variables
        orange = Color.parse(variables["accent"]).hex  # textual-light's accent and warning: 1.5:1 on its background
        accent, warning = Color.parse(variables["text-accent"]).hex, Color.parse(variables["text-warning"]).hex
        detail = app.screen.query_one(DetailBody)
        shown = {
            "set header": colours(app.screen.query_one(".set-title"), "LLM Predictions"),
            "overdue": colours(app.screen.query_one("#pane-3"), "overdue"),
            "note date": colours(detail, "2025-05-02"),
            "marker": colours(detail, "backdated"),
            "close mark": colours(detail, "┊"),
        }
        assert shown == {
            "set header": {accent},
            "overdue": {warning},
            "note date": {accent},
            "marker": {warning},
            "close mark": {warning},
        }
        series = colours(detail, "▀", "▄", "█")  # scored days in the series colour, later ones dim
        assert accent in series and orange not in series
        pane = app.screen.query_one("#pane-3")
        assert colours(pane, "┊") == {warning}  # the pane's sparkline and close mark: the theme's text colours
        assert accent in colours(pane, "▅") and orange not in colours(pane, "▅", "▆")
        assert min(contrast(colour, variables["background"]) for colour in (accent, warning)) >= 3

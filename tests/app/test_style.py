"""The page's theme uses the machine's fonts only (no Google Fonts request from an offline app)."""

from __future__ import annotations

import gradio as gr

from briefbot.app.ui.style import theme


def test_the_theme_asks_no_web_font() -> None:
    t = theme()
    stock = gr.themes.Default()
    assert "Source Sans" in str(stock.font)  # the stock theme would fetch it from Google Fonts
    assert "Source Sans" not in str(t.font) and "Plex" not in str(t.font_mono)
    assert "googleapis" not in str(t._stylesheets)

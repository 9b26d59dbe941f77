"""The Gradio web UI, one module per tab (``chat``, ``briefs``, ``corpus``, ``feeds``),
the page's HTML (``html``: everything from an article is escaped there) and styling
(``style``), assembled by :class:`briefbot.app.ui.app.BriefbotUi`.
"""

from briefbot.app.ui.app import BriefbotUi, build_ui, launch
from briefbot.app.ui.inputs import check_upload
from briefbot.app.ui.style import CSS, MB, theme

__all__ = ["CSS", "MB", "BriefbotUi", "build_ui", "check_upload", "launch", "theme"]

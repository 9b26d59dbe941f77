"""Page styling and the small scripts the page runs (CSS, marker links, scroll to the highlight).
"""

from __future__ import annotations

import gradio as gr

from briefbot import _offline  # noqa: F401
from briefbot.app.ui.sheet import ARTICLES_CSS

LOCAL_FONTS = ("ui-sans-serif", "system-ui", "DejaVu Sans", "Liberation Sans", "sans-serif")
LOCAL_MONO = ("ui-monospace", "DejaVu Sans Mono", "Liberation Mono", "monospace")


def theme() -> gr.themes.Base:
    """Gradio's default look with the machine's own fonts: the stock theme asks Google Fonts
    for Source Sans Pro, a request an offline app must not make, and while it fails the
    page mixes glyphs from two fallback fonts (capitals in one face, the rest in another)."""
    return gr.themes.Default(font=list(LOCAL_FONTS), font_mono=list(LOCAL_MONO))


MB = 1024 * 1024
"""Upload limits count binary megabytes, as Gradio's ``max_file_size`` messages do."""


BADGE_LABELS = {
    "answered": "Answered",
    "uncertain": "Uncertain",
    "insufficient_evidence": "Insufficient evidence",
    "thinking": "Working",
}


PANEL_PLACEHOLDER = (
    '<div class="bb-panel-empty">Click a citation to read it in its article, '
    "or pick an article in the Corpus tab.</div>"
)


CSS = """
.bb-badge { display:inline-block; padding:2px 10px; border-radius:999px; font-weight:600;
            font-size:0.85em; letter-spacing:0.02em; margin-right:8px; }
.bb-answered { background:#d8f5dd; color:#11612a; border:1px solid #8fd19e; }
.bb-uncertain { background:#fff1c9; color:#7a5200; border:1px solid #f0c75e; }
.bb-insufficient_evidence { background:#fde0e0; color:#8a1c1c; border:1px solid #f1a1a1; }
.bb-thinking { background:#e6ecf5; color:#2f4a6d; border:1px solid #b5c6de; }
.bb-status { padding:6px 0; }
.bb-note { color:var(--body-text-color-subdued); font-size:0.92em; }
#source-column { position:sticky; top:8px; align-self:flex-start; }
.bb-scroll { max-height:78vh; overflow-y:auto; overscroll-behavior:contain; }
#source-panel { border:1px solid var(--border-color-primary);
                border-radius:8px; padding:12px 14px; background:var(--background-fill-secondary); }
.bb-title { margin:0 0 4px 0; font-size:1.15em; }
.bb-meta { color:var(--body-text-color-subdued); font-size:0.9em; margin-bottom:6px; }
.bb-cite-label { font-size:0.85em; margin:6px 0; color:var(--body-text-color-subdued); }
.bb-article { white-space:pre-wrap; line-height:1.5; font-size:0.95em; }
.bb-article mark { background:#ffe066; color:#000; padding:1px 0; border-radius:2px; }
.bb-panel-empty { color:var(--body-text-color-subdued); font-style:italic; }
.bb-report table { border-collapse:collapse; font-size:0.9em; }
.bb-report td, .bb-report th { border:1px solid var(--border-color-primary); padding:2px 6px; text-align:left; }
.bb-error { color:#a31515; }
.bb-summary ol, .bb-summary ul { margin-top:4px; }
.bb-summary ul.bb-sources { list-style:none; padding-left:0; }
.bb-hidden { display:none !important; }
#since-note:has(.prose:empty) { display:none; }  /* no empty strip above the story list */
#since-row > button { align-self:center; }
@media (max-width: 640px) {  /* a phone: the question box full width, the story cards in the first screen */
  #app-title h2 { font-size:1.15rem; line-height:1.3; margin:0; }
  #ask-bar, #since-row { flex-wrap:wrap; gap:8px; }
  #ask-bar > .form { flex:1 1 100% !important; min-width:100% !important; }
  #ask-bar > button { flex:1 1 0 !important; min-width:0 !important; min-height:40px; }
  #since-row > .form { flex:1 1 100% !important; min-width:100% !important; }
  #since-row > button { flex:1 1 0 !important; min-width:0 !important; }
}
a.bb-cite { text-decoration:none; font-weight:600; position:relative; }
#chatbot .bb-badge { scroll-margin-top:12px; }
a.bb-cite[data-preview]:hover::after, a.bb-cite[data-preview]:focus-visible::after {
  content:attr(data-preview); position:absolute; left:0; top:1.5em; z-index:60; width:max-content;
  max-width:min(360px, 80vw); white-space:normal; background:#1f2937; color:#fff; padding:6px 9px;
  border-radius:6px; font-weight:400; font-size:0.85rem; line-height:1.35; box-shadow:0 2px 8px #0004; }
ul.bb-stories { list-style:none; padding:0; margin:0; display:grid;
                grid-template-columns:repeat(auto-fill, minmax(300px, 1fr)); gap:12px; }
li.bb-story { border:1px solid var(--border-color-primary); border-radius:8px; padding:10px 12px;
              background:var(--background-fill-secondary); }
.bb-story-title { margin:0 0 4px 0; font-size:1.05em; }
button.bb-story-open { all:unset; cursor:pointer; font-weight:600; color:var(--link-text-color, #1d4ed8); }
button.bb-story-open:hover, button.bb-story-open:focus-visible { text-decoration:underline; }
.bb-story-outlets { font-size:0.88em; margin-bottom:6px; }
.bb-story-questions { display:flex; flex-wrap:wrap; gap:6px; margin-top:6px; }
button.bb-ask { border:1px solid var(--border-color-primary); border-radius:999px; padding:3px 10px;
                background:var(--background-fill-primary); cursor:pointer; font-size:0.88em; text-align:left; }
button.bb-ask:hover, button.bb-ask:focus-visible { border-color:var(--color-accent, #f97316); }
"""

CSS += ARTICLES_CSS

SCROLL_TO_HIGHLIGHT_JS = """
() => {
  const go = (tries) => {
    const m = document.querySelector('#source-panel #cite-hl');
    const sheet = document.querySelector('#source-column[data-bb-sheet]');  // a phone's sheet: mid-screen
    if (m) { m.scrollIntoView({block: sheet ? 'center' : 'nearest', inline: 'nearest'}); return; }
    if (tries > 0) setTimeout(() => go(tries - 1), 100);
  };
  setTimeout(() => go(20), 50);
}
"""


CITE_LINK_JS = """
() => {
  if (window.__bbCiteLinks) return;
  window.__bbCiteLinks = true;
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href^="#bbcite/"]');
    if (!a) return;
    e.preventDefault();
    e.stopPropagation();
    const box = document.querySelector('#cite-link textarea, #cite-link input');
    const btn = document.querySelector('#cite-link-btn');
    if (!box || !btn) return;
    box.value = a.getAttribute('href');
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => btn.click(), 50);
  }, true);
}
"""
"""Installs one click handler: a [n] marker link fills the hidden #cite-link box and presses #cite-link-btn."""


STORY_JS = """
() => {
  if (window.__bbStoryLinks) return;
  window.__bbStoryLinks = true;
  const press = (boxSel, btnSel, value) => {
    const box = document.querySelector(boxSel + ' textarea, ' + boxSel + ' input');
    const btn = document.querySelector(btnSel);
    if (!box || !btn) return;
    box.value = value;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => btn.click(), 50);
  };
  document.addEventListener('click', (e) => {
    const open = e.target.closest && e.target.closest('[data-bb-story]');
    if (open) { e.preventDefault(); press('#story-open', '#story-open-btn', open.dataset.bbStory); return; }
    const ask = e.target.closest && e.target.closest('[data-bb-ask]');
    if (!ask) return;
    e.preventDefault();
    const tab = [...document.querySelectorAll('[role=tab]')].find(t => t.innerText.trim() === 'Chat');
    if (tab) tab.click();
    setTimeout(() => press('#question', '#send-btn', ask.dataset.bbAsk), 150);
  }, true);
}
"""
"""Story cards: a headline fills #story-open and presses #story-open-btn; a suggested
question switches to the Chat tab, fills #question and presses #send-btn."""


SCROLL_TO_TOP_JS = """
() => { const el = document.querySelector('#brief-output'); if (el) el.scrollIntoView({block: 'start'}); }
"""


SCROLL_TO_ANSWER_JS = """
() => {
  const show = () => {
    const badges = document.querySelectorAll('#chatbot .bb-badge');
    const last = badges[badges.length - 1];
    if (last) last.scrollIntoView({block: 'start', behavior: 'instant'});
  };
  [60, 300, 700].forEach(ms => setTimeout(show, ms));  // after the final message has rendered
}
"""
"""After an answer: show it from its top (its badge), not the conversation's tail."""

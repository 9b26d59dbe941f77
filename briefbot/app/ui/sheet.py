"""The article table's and the phone source sheet's styling and scripts.

On a phone (<= 640 px) the source panel is a full-screen sheet (:data:`SHEET_JS`): a ``[n]``
marker, a citation or an article row opens it and remembers where the reader was; its Back
button (or Escape) closes it and scrolls back there.  Wider screens keep the side panel.
"""

from __future__ import annotations

from briefbot import _offline  # noqa: F401

ARTICLES_CSS = """
.bb-articles table { width:100%; border-collapse:collapse; font-size:0.92em; }
.bb-articles caption { text-align:left; font-weight:600; padding:4px 0; }
.bb-articles th, .bb-articles td { text-align:left; padding:5px 6px; vertical-align:top;
                                   border-bottom:1px solid var(--border-color-primary); }
.bb-articles th:nth-child(4), .bb-articles td.bb-a-chunks { text-align:right; }
.bb-articles td.bb-a-title { width:50%; }
.bb-articles td.bb-a-date, .bb-articles td.bb-a-actions { white-space:nowrap; }
.bb-a-unit { display:none; }
button.bb-a-open { all:unset; cursor:pointer; color:var(--link-text-color, #1d4ed8); font-weight:600; }
button.bb-a-open:hover, button.bb-a-open:focus-visible { text-decoration:underline; }
button.bb-a-btn { border:1px solid var(--border-color-primary); border-radius:6px; padding:2px 9px; cursor:pointer;
                  background:var(--background-fill-primary); font-size:0.9em; }
button.bb-a-del { color:#a31515; }
.bb-unknown { color:var(--body-text-color-subdued); font-style:italic; }
.bb-sr { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
#delete-confirm, #article-edit { border:2px solid var(--color-accent, #f97316); border-radius:8px; padding:8px; }
#sheet-back-row { display:none; }
button#sheet-back { font-size:1rem; font-weight:600; padding:8px 16px; border-radius:8px; cursor:pointer;
                    border:1px solid var(--border-color-primary); background:var(--background-fill-secondary); }
@media (max-width: 640px) {
  .bb-articles thead { display:none; }
  .bb-articles tr { display:block; padding:6px 0; border-bottom:1px solid var(--border-color-primary); }
  .bb-articles td { display:inline; border:0; padding:0 6px 0 0; width:auto !important; }
  .bb-articles td.bb-a-title { display:block; padding-bottom:2px; }
  .bb-articles td.bb-a-actions { display:block; padding-top:4px; }
  .bb-a-unit { display:inline; }
  #source-column { display:none !important; }
  #source-column[data-bb-sheet] { display:block !important; position:fixed; inset:0; z-index:1000; margin:0;
    width:100vw; max-width:100vw; min-width:0; height:100vh; height:100dvh; min-height:0; max-height:100dvh;
    padding:0 12px 12px; overflow-y:auto; overscroll-behavior:contain;
    background:var(--background-fill-primary); }
  #source-column[data-bb-sheet] #sheet-back-row { display:block; position:sticky; top:0; z-index:2; padding:10px 0 6px;
    background:var(--background-fill-primary); }
  #source-column[data-bb-sheet] .bb-scroll { max-height:none; overflow:visible; }
}
"""
"""Styles of the article table and the sheet.  Gradio scopes custom CSS under its container,
so the sheet's state is an attribute of ``#source-column`` (``data-bb-sheet``), never a class
on ``body``."""


SHEET_BACK = '<button type="button" id="sheet-back" aria-label="Back">&#8592; Back</button>'
"""The source sheet's Back button (shown only while the sheet is open on a narrow screen)."""


SHEET_JS = """
() => {
  if (window.__bbSheet) return;
  window.__bbSheet = true;
  const narrow = () => window.matchMedia('(max-width: 640px)').matches;
  const sheet = () => document.querySelector('#source-column');
  const isOpen = () => { const s = sheet(); return !!(s && s.hasAttribute('data-bb-sheet')); };
  let saved = null;
  const open = (from) => {
    const s = sheet();
    if (!narrow() || !s) return;
    if (!isOpen()) saved = {y: window.scrollY, el: from};
    s.setAttribute('data-bb-sheet', 'open');
    s.setAttribute('role', 'dialog');
    s.setAttribute('aria-label', 'Source');
    s.scrollTop = 0;
    const back = document.querySelector('#sheet-back');
    if (back) back.focus({preventScroll: true});
  };
  const close = () => {
    const s = sheet();
    if (s) { s.removeAttribute('data-bb-sheet'); s.removeAttribute('role'); s.removeAttribute('aria-label'); }
    const was = saved;
    saved = null;
    if (!was) return;
    const put = () => window.scrollTo({top: was.y, behavior: 'instant'});
    put();
    requestAnimationFrame(put);
    if (was.el && was.el.isConnected && was.el.focus) was.el.focus({preventScroll: true});
  };
  document.addEventListener('click', (e) => {
    if (!e.target.closest) return;
    if (e.target.closest('#sheet-back')) { e.preventDefault(); close(); return; }
    const from = e.target.closest('a[href^="#bbcite/"], [data-bb-article-open], '
                                  + '#citations label, #brief-citations label');
    if (from) open(from);
  }, true);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && isOpen()) close(); });
}
"""
"""On a phone (<= 640 px) the source panel is a full-screen sheet: a marker, a citation or an
article row opens it (remembering the reader's scroll position and the control they used),
its Back button or Escape closes it and puts the reader back where they were.  Wider
screens keep the side panel and never open the sheet."""


ARTICLES_JS = """
() => {
  if (window.__bbArticles) return;
  window.__bbArticles = true;
  const acts = [['bbArticleOpen', '#article-open-btn'], ['bbArticleEdit', '#article-edit-btn'],
                ['bbArticleDelete', '#article-delete-btn']];
  document.addEventListener('click', (e) => {
    const el = e.target.closest && e.target.closest('[data-bb-article-open], [data-bb-article-edit], '
                                                    + '[data-bb-article-delete]');
    if (!el) return;
    e.preventDefault();
    const [key, btnSel] = acts.find(([k]) => el.dataset[k] !== undefined);
    const box = document.querySelector('#article-action textarea, #article-action input');
    const btn = document.querySelector(btnSel);
    if (!box || !btn) return;
    box.value = el.dataset[key];
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => btn.click(), 50);
  }, true);
}
"""
"""Article table rows: Open / Edit / Delete fill #article-action and press the matching hidden button."""


SHOW_FORM_JS = """
() => {
  let tries = 0;
  const show = () => {
    const el = [...document.querySelectorAll('#delete-confirm, #article-edit')].find(e => e.offsetParent !== null);
    if (!el) { if (++tries < 50) setTimeout(show, 100); return; }
    requestAnimationFrame(() => {
      el.scrollIntoView({block: 'center', behavior: 'instant'});
      const first = el.querySelector('#edit-outlet textarea, #edit-outlet input, #delete-btn');
      if (first) first.focus({preventScroll: true});
    });
  };
  setTimeout(show, 50);
}
"""
"""After Edit or Delete in the table: bring the form (or the confirmation) into view and focus it.  The
box is shown by the event's own update, which a busy machine can render later than any fixed delay
(the full suite on two workers once found no box after 120 ms, and the box then stayed off screen):
look for it every 100 ms for up to 5 s, and scroll in the next frame after it is laid out."""

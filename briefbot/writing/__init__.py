"""Writing: the answer chain, composers and model backends, follow-ups, summaries,
story briefs, timelines and what's new. Says what the truth wing decided.

Imports only the wings below it (language, sources, store, truth).
"""

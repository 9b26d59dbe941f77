"""Sources: loaders per format, the one safe fetcher, intake checks, followed feeds and
sentence-aware chunking. Turns files, URLs and feed entries into ``Article`` records.

Imports only ``briefbot.language`` below it.
"""

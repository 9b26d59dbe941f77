"""Store: the Chroma index (embedded or server), embeddings, the lexical index, wire
copies, the write lock, hybrid retrieval and the ingest path.

Imports only ``briefbot.language`` and ``briefbot.sources`` below it.
"""

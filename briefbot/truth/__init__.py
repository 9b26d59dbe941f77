"""Truth: evidence selection, the status rules (``status/``), conflicts between claims
and the verifier. Decides what the sources support, hedge or dispute.

Imports only the wings below it (language, sources, store).
"""

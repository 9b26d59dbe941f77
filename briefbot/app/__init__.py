"""App: the front ends over ``briefbot.core.BriefBot`` — the shared service, the HTTP
API and its guard, the Gradio web UI, the CLI, the server and terminal rendering.

The top wing: nothing in ``briefbot`` imports it.
"""

"""briefbot: cited, uncertainty-aware answers over a pile of news articles."""

from briefbot import _offline  # noqa: F401  (must run before heavy imports)

__version__ = "0.1.0"

__all__ = ["Answer", "BriefBot", "Citation", "Settings", "Summary", "SummaryPoint", "Timeline"]


def __getattr__(name: str):  # lazy: `import briefbot` stays cheap for the CLI's --help
    if name == "BriefBot":
        from briefbot.core import BriefBot

        return BriefBot
    if name == "Settings":
        from briefbot.config import Settings

        return Settings
    if name == "Timeline":
        from briefbot.writing.timeline import Timeline

        return Timeline
    if name in ("Answer", "Citation", "Summary", "SummaryPoint"):
        from briefbot import schema

        return getattr(schema, name)
    raise AttributeError(f"module 'briefbot' has no attribute {name!r}")

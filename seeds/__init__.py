"""The prediction sets that ship with forecast-journal, as markdown files."""

DEFAULT_SEED = "llm-predictions-2025.md"


def read_seed(name: str = DEFAULT_SEED) -> str:
    """The text of a bundled seed file."""
    from importlib.resources import files  # here: needed only when a journal is created

    return files(__name__).joinpath(name).read_text(encoding="utf-8")

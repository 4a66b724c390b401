"""The prediction sets that ship with forecast-journal, as markdown files."""

from importlib.resources import files

DEFAULT_SEED = "llm-predictions-2025.md"


def read_seed(name: str = DEFAULT_SEED) -> str:
    """The text of a bundled seed file."""
    return files(__name__).joinpath(name).read_text(encoding="utf-8")

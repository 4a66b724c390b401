"""Parse a prediction-set markdown file (YAML front matter plus numbered `##` headings)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from domain.merge import NO_ID, ImportedPrediction
from domain.model import Prediction
from domain.validation import InputError, check_text, parse_id_number, parse_title, quoted

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_NUMBERED = re.compile(r"^([0-9]+)\.\s+(.+)$")
_YEAR = re.compile(r"\b([0-9]{4})\b")
_MODEL = re.compile(r"^model:\s*(.+)$", re.IGNORECASE)
_DATE_FORMATS = ("%d-%b-%y", "%d-%b-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")


class SeedError(InputError):
    """A seed file is malformed; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class SeedItem:
    """One numbered prediction as written in the seed file."""

    number: int
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class SeedSet:
    """A parsed prediction set."""

    title: str
    source: str
    written_on: date
    model: str
    prompt: str
    items: tuple[SeedItem, ...]

    @property
    def subject_year(self) -> int:
        """The year the predictions are about, taken from the title (the last 4-digit number)."""
        return int(_YEAR.findall(self.title)[-1])

    @property
    def resolve_by(self) -> date:
        """Every prediction in the set resolves by the end of the subject year."""
        return date(self.subject_year, 12, 31)

    def predictions(self, first_id: int = 1) -> list[Prediction]:
        """The set's predictions, numbered consecutively from `first_id`."""
        return [
            Prediction(
                id=first_id + index,
                title=item.title,
                text=item.body,
                source=self.source,
                resolve_by=self.resolve_by,
                set_name=self.title,
            )
            for index, item in enumerate(self.items)
        ]


def _clean_title(raw: str) -> str:
    return raw.replace("**", "").replace("__", "").strip()


def _parse_date(line: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(line.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _sections(lines: list[str]) -> list[tuple[int, str, list[str]]]:
    """Split markdown lines into (heading level, heading text, body lines); level 0 is the preamble."""
    sections: list[tuple[int, str, list[str]]] = [(0, "", [])]
    for line in lines:
        match = _HEADING.match(line)
        if match:
            sections.append((len(match.group(1)), match.group(2), []))
        else:
            sections[-1][2].append(line)
    return sections


def _paragraphs(lines: list[str]) -> list[str]:
    text = "\n".join(lines).strip()
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()] if text else []


def _item(match: re.Match[str], body: list[str], source: str) -> SeedItem:
    """One `## N. Title` heading and its body, checked as import checks a prediction."""
    try:
        number = parse_id_number(match.group(1), "the prediction number")
        where = f"prediction {number}"
        title = parse_title(_clean_title(match.group(2)), f"{where}: the title")
        paragraphs = _paragraphs(body)
        if not paragraphs:
            raise InputError(f"{where} has no text")
        return SeedItem(number, title, check_text("\n\n".join(paragraphs), f"{where}: the text"))
    except InputError as error:
        raise SeedError(f"{source}: {error}") from None


def parse_seed(text: str, source: str) -> SeedSet:
    """Parse seed markdown; `source` names the file in errors and in the predictions.

    Each `## N. Title` heading is one prediction; its body is the text up to the next heading.
    Paragraphs after the first one under the last prediction are the document's closing
    remarks, not part of that prediction.
    """
    try:
        import frontmatter  # here, not at the top: YAML costs 10 ms of every command's start-up

        post = frontmatter.loads(text)
    except Exception as error:  # the YAML parser raises several unrelated types
        raise SeedError(f"{source}: the front matter is not valid YAML ({error})") from None
    title = post.metadata.get("title")
    if not isinstance(title, str) or not title.strip():
        raise SeedError(f"{source}: the front matter has no 'title'")
    try:
        title = parse_title(title, "the title")
    except InputError as error:
        raise SeedError(f"{source}: {error}") from None
    years = _YEAR.findall(title)
    if not years:
        raise SeedError(f"{source}: the title {quoted(title)} names no year to resolve by")
    if int(years[-1]) < 1:
        raise SeedError(f"{source}: the title {quoted(title)} names the year {years[-1]}, which does not exist")

    sections = _sections(post.content.splitlines())
    preamble = [line.strip() for line in sections[0][2] if line.strip()]
    written_on = next((d for d in map(_parse_date, preamble) if d is not None), None)
    if written_on is None:
        raise SeedError(f"{source}: no date line such as '20-Nov-24' before the first heading")
    model = next((m.group(1).strip() for m in map(_MODEL.match, preamble) if m), "")
    prompt = next((" ".join(_paragraphs(body)) for level, name, body in sections if name.lower() == "prompt"), "")

    items: list[SeedItem] = []
    for level, heading, body in sections:
        match = _NUMBERED.match(heading) if level >= 2 else None
        if match:
            items.append(_item(match, body, source))
    if not items:
        raise SeedError(f"{source}: no numbered predictions ('## 1. Title' headings) found")
    numbers = [item.number for item in items]
    if numbers != list(range(1, len(items) + 1)):
        raise SeedError(f"{source}: predictions are numbered {numbers}, expected 1 to {len(items)} in order")
    last = items[-1]
    last_paragraphs = last.body.split("\n\n")
    items[-1] = SeedItem(last.number, last.title, last_paragraphs[0])
    return SeedSet(title.strip(), source, written_on, model, prompt, tuple(items))


def seed_batch(seed_set: SeedSet) -> list[ImportedPrediction]:
    """A parsed seed set as a batch for the merge, so seeding the same file twice adds nothing the second time."""
    return [ImportedPrediction(replace(p, id=NO_ID)) for p in seed_set.predictions()]

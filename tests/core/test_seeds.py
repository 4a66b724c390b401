"""Seed parsing: the bundled 2025 set and malformed files."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.seeds import SeedError, parse_seed
from seeds import DEFAULT_SEED, read_seed

EXPECTED_TITLES = [
    "Commoditization of Base-Level LLMs",
    "Rise of Specialized LLMs",
    "Integration of Multimodal Capabilities",
    "Improved Efficiency and Sustainability",
    "Expansion of Small Language Models (SLMs)",
    "Enhanced Conversational AI",
    "Greater Contextual Understanding",
    "Ethical Considerations and Bias Reduction",
    "Increased Use of AI Agents",
    "Wider Adoption Across Industries",
]


def test_bundled_seed_has_ten_predictions_with_exact_titles() -> None:
    seed = parse_seed(read_seed(), DEFAULT_SEED)
    assert seed.title == "LLM Predictions For 2025"
    assert seed.written_on == date(2024, 11, 20)
    assert seed.model == "GPT-4o"
    assert seed.prompt == "Predict 10 developments you expect we will see in the LLM space in 2025"
    assert [item.title for item in seed.items] == EXPECTED_TITLES
    assert [item.number for item in seed.items] == list(range(1, 11))
    assert seed.resolve_by == date(2025, 12, 31)


def test_bodies_are_the_prediction_paragraphs_without_the_closing_remark() -> None:
    seed = parse_seed(read_seed(), DEFAULT_SEED)
    assert seed.items[0].body.startswith("LLMs will become commoditized, with basic capabilities")
    assert seed.items[4].body.endswith("accessible to smaller organizations[7].")
    assert seed.items[9].body.endswith("decision-making, and customer engagement.")
    assert all("These developments reflect" not in item.body for item in seed.items)
    assert all("**" not in item.title for item in seed.items)


def test_predictions_get_ids_source_set_and_resolve_by() -> None:
    predictions = parse_seed(read_seed(), DEFAULT_SEED).predictions(first_id=11)
    assert [p.id for p in predictions] == list(range(11, 21))
    assert {p.source for p in predictions} == {DEFAULT_SEED}
    assert {p.set_name for p in predictions} == {"LLM Predictions For 2025"}
    assert {p.resolve_by for p in predictions} == {date(2025, 12, 31)}


GOOD = """---
title: "Predictions For 2026"
---

3-Jan-26

Model: Someone

## 1. **First**
Body one.

## 2. Second
Body two.
"""


def test_another_year_takes_its_subject_year_from_the_title() -> None:
    seed = parse_seed(GOOD, "p2026.md")
    assert seed.resolve_by == date(2026, 12, 31)
    assert seed.written_on == date(2026, 1, 3)
    assert [item.title for item in seed.items] == ["First", "Second"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (GOOD.replace('title: "Predictions For 2026"', "nothing: here"), "no 'title'"),
        (GOOD.replace("Predictions For 2026", "Predictions"), "names no year"),
        (GOOD.replace("3-Jan-26", "sometime"), "no date line"),
        (GOOD.replace("## 2. Second", "## 3. Second"), "numbered [1, 3]"),
        (GOOD.replace("## 1. **First**", "## First").replace("## 2. Second", "## Second"), "no numbered predictions"),
        (GOOD.replace('title: "Predictions For 2026"', "title: [unclosed"), "not valid YAML"),
        (GOOD.replace("Body one.", ""), "prediction 1 has no text"),
    ],
)
def test_malformed_seed_names_the_file_and_the_problem(text: str, problem: str) -> None:
    with pytest.raises(SeedError) as caught:
        parse_seed(text, "broken.md")
    assert str(caught.value).startswith("broken.md: ")
    assert problem in str(caught.value)


@given(st.text(max_size=300))
def test_parser_either_parses_or_raises_seed_error(text: str) -> None:
    try:
        seed = parse_seed(text, "fuzz.md")
    except SeedError as error:
        assert str(error).startswith("fuzz.md: ")
    else:
        assert seed.items

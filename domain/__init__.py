"""Pure domain logic for forecast-journal: model, seeds, validation, scoring, export.

Nothing in this package imports Textual or TinyDB; a test enforces it.
"""

"""The Textual interface of forecast-journal."""

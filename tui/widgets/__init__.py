"""Widgets of the forecast-journal app."""

"""Screens and dialogs of the forecast-journal app."""

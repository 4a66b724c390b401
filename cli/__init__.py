"""The `forecast-journal` command line: a thin layer over domain/ and storage/. Never imports Textual."""

"""A writer process for the crash suite: records estimates forever, printing each note once it is saved.

Usage: python writer.py JOURNAL TAG
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from storage.journal import open_journal


def main() -> None:
    """Loop add_estimate; a printed line means that save returned, so it must survive a kill."""
    path, tag = Path(sys.argv[1]), sys.argv[2]
    journal = open_journal(path, lambda: datetime(2026, 11, 29, 12, 0, tzinfo=UTC))
    k = 0
    while True:
        note = f"{tag}-{k}"
        journal.add_estimate(1 + k % 10, (k % 101) / 100, note=note)
        print(note, flush=True)
        k += 1


if __name__ == "__main__":
    main()

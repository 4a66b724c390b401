"""A process that records estimates through the CLI, for the concurrency suite.

Usage: python cli_driver.py JOURNAL TAG COUNT [--exec]
Without --exec it runs the click command in this process COUNT times (fast); with --exec it runs the
installed `forecast-journal` script COUNT times.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cli.main import cli
from cli.settings import PROG


def main() -> None:
    """Record COUNT estimates, each with the note TAG-k; exit non-zero on the first failure."""
    journal, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    script = Path(sys.executable).with_name(PROG)
    for k in range(count):
        args = ["--journal", journal, "estimate", str(1 + k % 10), str(k % 101), "--note", f"{tag}-{k}"]
        if "--exec" in sys.argv:
            subprocess.run([str(script), *args], check=True, capture_output=True, timeout=60)
        else:
            cli.main(args=args, prog_name=PROG, standalone_mode=False)


if __name__ == "__main__":
    main()

"""``python -m benchmarks``: the benchmark suite (see benchmarks/run.py)."""

from __future__ import annotations

from benchmarks.run import main

if __name__ == "__main__":
    main()

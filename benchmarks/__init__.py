"""wsguard's benchmark suite; run it with ``python -m benchmarks`` (see README.md here)."""

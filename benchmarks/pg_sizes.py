"""PostgreSQL at a large workspace's scale: what the store's two growing tables and their
indexes weigh per row.

    .venv/bin/python -m benchmarks.pg_sizes URL [--scan-runs N] [--repos R]

URL is a PostgreSQL database at wsguard's schema, e.g. the one ``report_bench --url``
filled with a million detections (a ``?options=-csearch_path%3DSCHEMA`` URL selects a
schema). Unless ``scan_runs`` already holds N rows, N scan runs are added (default
1,000,000: R repos, default 10,000, started over 26 weeks, 2 % blocked, one in ten a
full scan, as the hooks and CI write them), then ``VACUUM ANALYZE``. Prints the heap
and each index of ``drift_detections`` and ``scan_runs``: total size and bytes per
row. Run ``report_bench --url`` again afterwards to time the report's queries,
whose blocked-commit counts read ``scan_runs``. Not a test.
"""

from __future__ import annotations

import argparse
import time

import sqlalchemy as sa

ADD_SCAN_RUNS = """
INSERT INTO scan_runs (repo, mode, ref, started_at, duration_s, files_scanned, findings,
    blocked, session_id, spool_key, extra)
SELECT 'repo-' || lpad((g % :repos)::text, 5, '0'),
    CASE WHEN g % 10 = 0 THEN 'all' ELSE 'staged' END, NULL,
    localtimestamp - random() * interval '182 days', random() * 0.2,
    CASE WHEN g % 10 = 0 THEN 500 ELSE g % 20 + 1 END,
    CASE WHEN g % 50 = 0 THEN 1 ELSE 0 END, g % 50 = 0, NULL, NULL, '{}'
FROM generate_series(1, :n) AS g
"""
SIZES = """
SELECT c.relname, pg_relation_size(c.oid)
FROM pg_class c
WHERE c.oid = CAST(:table AS regclass)
   OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = CAST(:table AS regclass))
ORDER BY c.relkind DESC, c.relname
"""


def fill_scan_runs(engine: sa.Engine, rows: int, repos: int) -> None:
    with engine.begin() as conn:
        have = conn.execute(sa.text("SELECT count(*) FROM scan_runs")).scalar_one()
        if have >= rows:
            print(f"reusing {have:,} scan runs")
            return
        started = time.perf_counter()
        conn.execute(sa.text(ADD_SCAN_RUNS), {"n": rows - have, "repos": repos})
        print(f"added {rows - have:,} scan runs in {time.perf_counter() - started:.1f} s")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE scan_runs"))


def sizes(engine: sa.Engine, table: str) -> None:
    with engine.connect() as conn:
        count = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
        print(f"{table}: {count:,} rows")
        for name, size in conn.execute(sa.text(SIZES), {"table": table}):
            per_row = f"{size / count:6.1f} B/row" if count else ""
            print(f"  {name:<48} {size / 2**20:8.1f} MiB  {per_row}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--scan-runs", type=int, default=1_000_000)
    parser.add_argument("--repos", type=int, default=10_000)
    args = parser.parse_args()
    engine = sa.create_engine(args.url)
    try:
        fill_scan_runs(engine, args.scan_runs, args.repos)
        sizes(engine, "drift_detections")
        sizes(engine, "scan_runs")
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()

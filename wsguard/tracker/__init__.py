"""Work tracking across the workspace's repos: tasks, issues, decisions, sessions.

Every function takes an open ORM ``Session`` (the caller owns the transaction)
and returns plain values: records shaped like the export, or NamedTuples.
"""

"""The rules: the schema of rules.yaml and one pure checker per rule kind.

Checkers take ``(repo, path, bytes)`` and return findings: no git, no database,
no printing (``config`` loads and validates, ``kinds`` holds the ``KINDS`` table,
``engine`` runs them).
"""

"""repo_dependencies: what each repo's committed code uses of the other repos

A full scan of a repository (``wsguard scan``, ``check --all-files``) counts
the imports of other workspace repos' packages its files make, and the
dependencies its manifests declare on them; one row per (repo, target, kind)
replaces what the repo's previous full scan recorded. The architecture map of
``wsguard report`` draws its edges from here.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "repo_dependencies",
        sa.Column("repo", sa.String(length=200), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("commit", sa.String(length=64), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("repo", "target", "kind", name=op.f("pk_repo_dependencies")),
    )


def downgrade() -> None:
    op.drop_table("repo_dependencies")

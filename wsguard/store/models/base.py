"""The declarative base, the shared naming convention and the small column helpers."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(64)
NAME = String(200)
PATH = String(1000)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON}


def extra_column() -> Mapped[dict[str, Any]]:
    """Unknown (legacy) fields of a record, kept verbatim and written back on export."""
    return mapped_column(JSON, nullable=False, default=dict)


def reference(target: str, *, ondelete: str = "SET NULL", index: bool = True) -> Mapped[Any]:
    """A nullable reference to another entity's id."""
    return mapped_column(ID, ForeignKey(target, ondelete=ondelete), nullable=True, index=index)


def soft_reference() -> Mapped[Any]:
    """The id of a record that may not exist yet (a task's ``session_created`` named
    before that session is started): no foreign key, so it is kept as given and joins
    once the record arrives."""
    return mapped_column(ID, nullable=True, index=True)


def owner(target: str) -> Mapped[Any]:
    """The owning side of a many-valued field: part of the primary key, cascades on delete."""
    return mapped_column(ID, ForeignKey(target, ondelete="CASCADE"), primary_key=True)

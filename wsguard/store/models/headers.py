"""What an imported file held beside its records (a ``last_updated``, a ``version``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from wsguard.store.models.base import Base, extra_column


class FileHeader(Base):
    """The unknown top-level keys of one export file, written back on export."""

    __tablename__ = "file_headers"

    file: Mapped[str] = mapped_column(String(100), primary_key=True)
    extra: Mapped[dict[str, Any]] = extra_column()

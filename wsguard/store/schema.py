"""All tables in one metadata: import this module to have every model registered."""

from __future__ import annotations

from sqlalchemy import MetaData

from wsguard.store import models, models_guard, models_session
from wsguard.store.base import Base

__all__ = ["metadata", "models", "models_guard", "models_session"]

metadata: MetaData = Base.metadata

"""The workspace database: models, engine and sessions, migrations, export/import.

Everything here is imported lazily by the commands that need it; the hook's hot
path never pays for SQLAlchemy unless it records detections.
"""

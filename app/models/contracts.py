"""Tables of the contracts module (filled in by its issue). Imported by app/models/__init__.py so Alembic sees them."""

from __future__ import annotations

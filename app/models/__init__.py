"""All tables. Importing this package registers every table on ``SQLModel.metadata`` (Alembic's target)."""

from app.models import base, congress, contracts, hardship, org, privacy, roster, sync  # noqa: F401
from app.models.base import AuditLog, Meta, SyncedTable, Tombstone  # noqa: F401
from app.models.org import Organisation  # noqa: F401
from app.models.privacy import Consent  # noqa: F401
from app.models.roster import Department, Member, MemberNameGram, MembershipEvent  # noqa: F401

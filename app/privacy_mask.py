"""Masking of ID and phone numbers for lists and printouts (unmasking is deliberate and audit-logged)."""

from __future__ import annotations

from app.validation.idnumber import mask as mask_id
from app.validation.phone import mask as mask_phone

__all__ = ["mask_id", "mask_phone"]

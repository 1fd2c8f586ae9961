"""Use cases. Services take plain values and return plain objects, or raise app.errors.DomainError."""

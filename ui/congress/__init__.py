"""Window pages of the workers' congress (职工代表大会) and its motions (提案)."""

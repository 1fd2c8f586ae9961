"""Validators: one source of truth for the roster editor, the importer and the bundle exporter."""

"""The PySide6 window. Everything Qt lives here; it calls app.services and never builds SQL."""

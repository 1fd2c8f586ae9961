"""Fixtures for the document tests: the main window fixture is shared with tests/ui."""

from tests.ui.conftest import window  # noqa: F401

"""Settings of the test suite: the production defaults, with a key of its own.

Static files, cookies and headers are as on a production host; pytest-django keeps DEBUG off.
"""

from __future__ import annotations

from styrkedja.settings import *  # noqa: F403

SECRET_KEY = "test-only-key-never-used-outside-the-test-suite-0123456789"

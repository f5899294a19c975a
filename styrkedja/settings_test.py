"""Settings of the test suite: the production defaults, with a key of its own and plain HTTP.

The tests talk plain HTTP through Django's test client, so HTTPS is not demanded; everything
else (static files, cookies, headers) is as on a production host. pytest-django keeps DEBUG off.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from styrkedja.settings import *  # noqa: F403

SECRET_KEY = "test-only-key-never-used-outside-the-test-suite-0123456789"
SECURE_SSL_REDIRECT = False
# E-mail stays in django.core.mail.outbox, whatever EMAIL_URL the environment has.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STYRKEDJA_BASE_URL = "https://styrkedja.example.se"
# Background tasks run at once, in the request; the worker's own test queues them in the database.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# Kept documents in a folder of the run's own, never in the checkout's media/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="styrkedja-test-media-"))

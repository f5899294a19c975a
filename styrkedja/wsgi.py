from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.settings")
application = get_wsgi_application()

# A server without a key of its own would refuse every log-in and form: better not to start.
if not settings.DEBUG and not os.getenv("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

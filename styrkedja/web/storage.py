"""Static files in production: collected, compressed and with hashed names, by WhiteNoise."""

from __future__ import annotations

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class CollectedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, which names a file by the manifest that collectstatic writes.

    A file the manifest does not know (collectstatic has not run since it was added) is named by
    its plain path instead of failing every page that links to it; WhiteNoise then serves it from
    the app's folder (settings.WHITENOISE_USE_FINDERS) or from the collected files.
    """

    _warned = False

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            if not CollectedStaticFilesStorage._warned:
                CollectedStaticFilesStorage._warned = True
                logger.warning("Static file %s is not collected: run manage.py collectstatic.", name)
            return name

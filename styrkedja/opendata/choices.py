"""The licences a municipality may publish its open data under, with what the catalogue needs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class License(models.TextChoices):
    CC0 = "cc0-1.0", _("CC0 1.0 Universell (fri från upphovsrätt)")
    CC_BY = "cc-by-4.0", _("Creative Commons Erkännande 4.0 (CC BY 4.0)")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Erkännande-DelaLika 4.0 (CC BY-SA 4.0)")


# The IRIs dataportal.se recognises for the licences (DCAT-AP-SE's recommended list).
LICENSE_IRIS = {
    License.CC0: "http://creativecommons.org/publicdomain/zero/1.0/",
    License.CC_BY: "http://creativecommons.org/licenses/by/4.0/",
    License.CC_BY_SA: "http://creativecommons.org/licenses/by-sa/4.0/",
}

# The licence's notice as the LICENSE file of the package says it; the full legal code is at the IRI.
LICENSE_NOTICES = {
    License.CC0: _(
        "{publisher} har, i den utsträckning lagen tillåter, avstått från all upphovsrätt och "
        "närstående rättigheter till dessa data enligt Creative Commons CC0 1.0 Universell "
        "(Public Domain Dedication). Du får kopiera, ändra, sprida och använda dem, även "
        "kommersiellt, utan att be om lov och utan att ange källan.\n\n"
        "The person who associated a work with this deed has dedicated the work to the public "
        "domain by waiving all of his or her rights to the work worldwide under copyright law, "
        "including all related and neighboring rights, to the extent allowed by law."
    ),
    License.CC_BY: _(
        "Dessa data från {publisher} får användas enligt Creative Commons Erkännande 4.0 "
        "Internationell (CC BY 4.0). Du får dela och bearbeta dem för alla ändamål, även "
        "kommersiellt, om du anger {publisher} som källa, länkar till licensen och anger om du "
        "har gjort ändringar.\n\n"
        "This work is licensed under the Creative Commons Attribution 4.0 International License."
    ),
    License.CC_BY_SA: _(
        "Dessa data från {publisher} får användas enligt Creative Commons Erkännande-DelaLika "
        "4.0 Internationell (CC BY-SA 4.0). Du får dela och bearbeta dem för alla ändamål, även "
        "kommersiellt, om du anger {publisher} som källa, länkar till licensen, anger om du har "
        "gjort ändringar och sprider det du gör av dem under samma licens.\n\n"
        "This work is licensed under the Creative Commons Attribution-ShareAlike 4.0 "
        "International License."
    ),
}

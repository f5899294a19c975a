"""The open data as files: CSV per table, one JSON, and the zip with a README and the LICENSE.

CSV files are written for Swedish spreadsheets as well as for programs: UTF-8 with a byte order
mark (so Excel reads å, ä, ö), semicolon between fields and a decimal comma in the decimal
columns, as Swedish Excel expects, lines ended by CR LF (RFC 4180) and fields quoted where
needed. A text that begins with a character a spreadsheet takes for the start of a formula
("=", "+", "-", "@", tab, CR) gets an apostrophe before it, as the project's workbooks do
(``officefiles.spreadsheet``), so that opening the file runs nothing. The JSON keeps every text
exactly and the decimals as texts with a point ("72.5"), as the publication holds them.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja.officefiles.spreadsheet import FORMULA_STARTS
from styrkedja.opendata.choices import LICENSE_IRIS, LICENSE_NOTICES, License
from styrkedja.opendata.selectors import Edition
from styrkedja.opendata.tables import TABLES, edition_tables, editions_tables
from styrkedja.tenancy.models import Municipality

CSV_DELIMITER = ";"
BOM = "\ufeff"
PACKAGE_NAME = "oppna-data"
README = "README.md"
LICENSE_FILE = "LICENSE.txt"


def _csv_value(value, *, number: bool) -> str:
    if value is None:
        return ""
    if number:
        return str(value).replace(".", ",")
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def table_csv(table_key: str, rows: list[dict]) -> bytes:
    """One table as a CSV file."""
    table = next(t for t in TABLES if t.key == table_key)
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([column.key for column in table.columns])
    for row in rows:
        writer.writerow([_csv_value(row.get(column.key), number=column.number) for column in table.columns])
    return out.getvalue().encode("utf-8")


def _edition_json(edition: Edition) -> dict:
    tables = edition_tables(edition)
    found = {"edition": edition.key, **tables.pop("editions")[0]}
    found.pop("edition")
    return {"key": edition.key, **found, **tables}


def _license_json(license: str) -> dict:
    return {"key": license, "name": str(License(license).label), "iri": LICENSE_IRIS[License(license)]}


def data_date(editions: list[Edition]) -> datetime.datetime | None:
    """When the newest of the editions was published: the date the data is of."""
    return max((e.publication.published_at for e in editions), default=None)


def package_json(*, municipality: Municipality, editions: list[Edition], license: str, source: str) -> bytes:
    """The editions as one JSON document."""
    newest = data_date(editions)
    document = {
        "municipality": {"slug": municipality.slug, "name": municipality.name},
        "license": _license_json(license),
        "source": source,
        "published_at": newest.isoformat() if newest else None,
        "editions": [_edition_json(edition) for edition in editions],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def license_text(*, municipality: Municipality, license: str) -> str:
    choice = License(license)
    notice = str(LICENSE_NOTICES[choice]).format(publisher=municipality.name)
    return f"{choice.label}\n{LICENSE_IRIS[choice]}\n\n{notice}\n"


def readme_text(
    *,
    municipality: Municipality,
    editions: list[Edition],
    license: str,
    source: str,
    json_name: str,
    per_edition: bool,
) -> str:
    """What the package holds, the fields of every file, the licence, where it comes from and its date."""
    choice = License(license)
    newest = data_date(editions)
    lines = [
        _("# Öppna data: {municipality}s planer och uppföljningar").format(municipality=municipality.name),
        "",
        _(
            "Planerna och uppföljningarna som {municipality} har publicerat, som de såg ut när de "
            "publicerades. En plan eller uppföljning som har återkallats finns inte med."
        ).format(municipality=municipality.name),
        "",
        _("- Källa: {source}").format(source=source),
        _("- Utgivare: {municipality}").format(municipality=municipality.name),
        _("- Datum: {date} (när den senaste utgåvan publicerades)").format(
            date=timezone.localtime(newest).strftime("%Y-%m-%d") if newest else "–"
        ),
        _("- Licens: {name}, {iri} (se {file})").format(
            name=choice.label, iri=LICENSE_IRIS[choice], file=LICENSE_FILE
        ),
        "",
        _("## Utgåvor"),
        "",
    ]
    lines += [f"- {edition.key}: {edition.title}" for edition in editions] or [
        _("Inga utgåvor är publicerade.")
    ]
    lines += [
        "",
        _("## Filer"),
        "",
        (
            _("- En CSV-fil per slag av uppgifter (listade nedan), för utgåvan.")
            if not per_edition
            else _("- En mapp per utgåva (till exempel ks-2024-t3/) med en CSV-fil per slag av uppgifter.")
        ),
        _(
            "- {json}: samma uppgifter i en JSON-fil: kommunen, licensen och en lista editions med "
            "en post per utgåva, som har utgåvans fält (se editions.csv) och en lista per tabell "
            "nedan (goals, indicators …) med samma fält som CSV-filen."
        ).format(json=json_name),
        _("- {readme}: den här filen; {license}: licensen.").format(readme=README, license=LICENSE_FILE),
        "",
        _("## Format"),
        "",
        _(
            "CSV-filerna är kodade i UTF-8 med BOM, så att Excel visar å, ä och ö rätt. Fälten "
            "skiljs med semikolon (;), rader avslutas med CR LF och fält med semikolon, citattecken "
            "eller radbrytningar står inom citattecken (RFC 4180). Decimaltal skrivs med "
            "decimalkomma (72,5). Första raden är kolumnernas namn. Ett tomt fält betyder att "
            "uppgiften saknas."
        ),
        "",
        _(
            "En text som börjar med =, +, -, @, tabb eller vagnretur har fått en apostrof (') "
            "före sig i CSV-filerna, så att ett kalkylprogram inte tolkar den som en formel. "
            "JSON-filen har texterna exakt som de publicerades och decimaltalen som text med "
            'decimalpunkt ("72.5").'
        ),
        "",
        _(
            "Kolumnernas namn är stabila engelska nycklar. Id:n för mål, indikatorer, aktiviteter "
            "och uppdrag är desamma i alla utgåvor av en plan, så att uppföljningarna kan jämföras."
        ),
        "",
    ]
    for table in TABLES:
        lines += [f"## {table.filename}", "", str(table.description), ""]
        lines += [f"- `{column.key}`: {column.description}" for column in table.columns]
        lines.append("")
    return "\n".join(lines)


def _zip(files: list[tuple[str, bytes]], when: datetime.datetime | None) -> bytes:
    # The entries' time is the data's date, so that the same data gives the same file.
    stamp = timezone.localtime(when).timetuple()[:6] if when else (1980, 1, 1, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return out.getvalue()


def _common_files(municipality, editions, license, source, json_name, *, per_edition) -> list:
    """README, LICENSE and the JSON, as every package has them."""
    readme = readme_text(
        municipality=municipality,
        editions=editions,
        license=license,
        source=source,
        json_name=json_name,
        per_edition=per_edition,
    )
    return [
        (README, readme.encode("utf-8")),
        (LICENSE_FILE, license_text(municipality=municipality, license=license).encode("utf-8")),
        (
            json_name,
            package_json(municipality=municipality, editions=editions, license=license, source=source),
        ),
    ]


def municipality_zip(
    *, municipality: Municipality, editions: list[Edition], license: str, source: str
) -> bytes:
    """Every public edition: a folder of CSV files each, the JSON of all, README and LICENSE."""
    json_name = f"{PACKAGE_NAME}.json"
    files = _common_files(municipality, editions, license, source, json_name, per_edition=True)
    for edition in editions:
        for name, rows in edition_tables(edition).items():
            files.append((f"{edition.key}/{name}.csv", table_csv(name, rows)))
    return _zip(files, data_date(editions))


def edition_zip(*, municipality: Municipality, edition: Edition, license: str, source: str) -> bytes:
    """One edition: its CSV files, its JSON, README and LICENSE."""
    json_name = f"{edition.key}.json"
    editions = [edition]
    files = _common_files(municipality, editions, license, source, json_name, per_edition=False)
    for name, rows in editions_tables(editions).items():
        files.append((f"{name}.csv", table_csv(name, rows)))
    return _zip(files, data_date(editions))

"""Reads a municipality file (``fileformat``) into this installation, giving every row a new id.

The ids of the file are the source installation's; here every row gets the id the database
gives it, and every foreign key, many-to-many link and audit entry is pointed at the new ids.
So the target may host other municipalities: nothing collides but what must be unique in the
whole installation (the municipality's short name, user names), and a file with such a
collision is refused. A row may only point at rows of the file (or at the installation's own
rows such as the UN goals): a report pointing at another municipality's activity is refused.

The file is read twice, a line at a time: first to check its frame (size, header, versions,
row count and checksum), then into the database, in one transaction that the caller holds,
so that a fault anywhere leaves nothing written.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connections, models, router

from styrkedja.backup.errors import BackupFileError
from styrkedja.backup.fileformat import (
    DEFAULT_MAX_FILE_BYTES,
    FORMAT,
    FORMAT_VERSION,
    LineReader,
    decode_value,
    parse_line,
)
from styrkedja.backup.scope import (
    AUDIT_DATA_REFERENCES,
    GENERIC_REFERENCES,
    INSTALLATION_WIDE_USER_FIELDS,
    NOT_MUNICIPALITY_MODELS,
    ModelScope,
    is_global,
    municipality_models,
)
from styrkedja.backup.versions import migration_problem, styrkedja_version, version_key
from styrkedja.tenancy.models import Municipality

BATCH = 1000
LARGEST_ID = 2**63 - 1


@dataclass
class Imported:
    municipality: Municipality
    header: dict[str, Any]
    counts: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= LARGEST_ID


class Importer:
    def __init__(self, path: Path, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES):
        self.path = Path(path)
        self.reader = LineReader(self.path, max_bytes=max_bytes)
        self.scopes = municipality_models()
        self.by_label = {scope.label: scope for scope in self.scopes}
        self.position = {scope.model: index for index, scope in enumerate(self.scopes)}
        self.account = get_user_model()
        self.header: dict[str, Any] = {}
        self.checksum = ""  # the end line's, which ``check`` has compared with the file
        # Per model: the file's id → the new id, and the file's id → its line.
        self.ids: dict[type[models.Model], dict[int, int]] = defaultdict(dict)
        self.lines: dict[type[models.Model], dict[int, int]] = defaultdict(dict)
        self.counts: Counter[str] = Counter()
        self.current: ModelScope | None = None
        self.buffer: list[tuple[int, int, models.Model]] = []  # (file id, line, unsaved row)
        self.pending: set[int] = set()
        self.deferred: list[tuple[ModelScope, int, models.Field, int, int]] = []
        self.links: dict[tuple[ModelScope, models.ManyToManyField], list[tuple[int, Any, int]]] = defaultdict(
            list
        )
        self.unique_seen: dict[tuple[str, tuple[str, ...]], set[tuple]] = defaultdict(set)
        self.globals: dict[tuple[type[models.Model], str], int] = {}
        self.municipality: Municipality | None = None

    # The frame: size, header, versions, row count and checksum, before anything is written.

    def check(self) -> dict[str, Any]:
        checksum = hashlib.sha256()
        last: tuple[int, bytes] | None = None
        for number, line in self.reader:
            if number == 1:
                self.header = self._checked_header(parse_line(number, line))
            if last is not None:
                checksum.update(last[1])
            last = (number, line)
        if last is None:
            raise BackupFileError("Filen är tom.")
        number, line = last
        end = parse_line(number, line).get("end") if number > 1 else None
        if not isinstance(end, dict):
            raise BackupFileError(
                "Filen slutar utan Styrkedjas slutrad: den är avbruten, till exempel vid kopieringen."
            )
        if end.get("rows") != number - 2:
            raise BackupFileError(
                f"Filen ska ha {end.get('rows')} rader data men har {number - 2}: "
                "den är ofullständig eller ändrad."
            )
        if end.get("sha256") != checksum.hexdigest():
            raise BackupFileError(
                "Filens kontrollsumma stämmer inte: filen har skadats eller ändrats efter att den skrevs."
            )
        self.checksum = end["sha256"]
        return self.header

    def _checked_header(self, header: dict[str, Any]) -> dict[str, Any]:
        if header.get("format") != FORMAT:
            raise BackupFileError(
                f"Filen är ingen kommunfil från Styrkedja (rad 1 ska ange formatet {FORMAT})."
            )
        if header.get("format_version") != FORMAT_VERSION:
            raise BackupFileError(
                f"Filen har formatversion {header.get('format_version')}; den här Styrkedja läser version "
                f"{FORMAT_VERSION}."
            )
        version = header.get("styrkedja_version")
        if not isinstance(version, str) or version_key(version) > version_key(styrkedja_version()):
            raise BackupFileError(
                f"Filen skrevs av Styrkedja {version}, som är nyare än den här installationens "
                f"{styrkedja_version()}. Uppdatera Styrkedja här först."
            )
        migrations = header.get("migrations")
        if not isinstance(migrations, dict) or not all(
            isinstance(names, list) and all(isinstance(name, str) for name in names)
            for names in migrations.values()
        ):
            raise BackupFileError("Rad 1 anger inte filens migreringar som Styrkedja skriver dem.")
        problem = migration_problem(migrations)
        if problem:
            raise BackupFileError(problem)
        municipality = header.get("municipality")
        if not isinstance(municipality, dict) or not isinstance(municipality.get("slug"), str):
            raise BackupFileError("Rad 1 anger inte vilken kommun filen håller.")
        return header

    # The rows, into the database.

    def run(self) -> Imported:
        """Reads the rows in; the caller holds the transaction, so a fault leaves nothing behind."""
        if not self.header:
            self.check()
        checksum = hashlib.sha256()
        for number, line in self.reader:
            if number > 1:
                row = parse_line(number, line)
                if "end" in row:
                    break
                self._row(number, row)
            checksum.update(line)
        if checksum.hexdigest() != self.checksum:
            raise BackupFileError(
                "Filen ändrades medan den lästes in. Läs in den igen när den är skriven klart."
            )
        self._flush()
        if self.municipality is None:
            raise BackupFileError("Filen håller ingen kommun.")
        self._fill_in_deferred()
        self._link_many_to_many()
        self._check_all_belong()
        return Imported(municipality=self.municipality, header=self.header, counts=dict(self.counts))

    def _row(self, number: int, row: dict[str, Any]) -> None:
        if set(row) != {"model", "pk", "fields"}:
            raise BackupFileError("en rad ska ha precis nycklarna model, pk och fields.", line=number)
        label, pk, fields = row["model"], row["pk"], row["fields"]
        scope = self.by_label.get(label) if isinstance(label, str) else None
        if scope is None:
            if isinstance(label, str) and label in NOT_MUNICIPALITY_MODELS:
                raise BackupFileError(
                    f"rader av {label} hör till installationen, inte till en kommun.", line=number
                )
            raise BackupFileError(f"modellen ”{label}” finns inte i Styrkedja.", line=number)
        if not _is_id(pk) or not isinstance(fields, dict):
            raise BackupFileError(
                f"{label}: pk ska vara ett positivt heltal och fields ett objekt.", line=number
            )
        if scope is not self.current:
            if self.current is not None and self.position[scope.model] < self.position[self.current.model]:
                raise BackupFileError(
                    f"raderna är inte i Styrkedjas ordning: {scope.verbose_name} efter "
                    f"{self.current.verbose_name}.",
                    line=number,
                )
            self._flush()
            self.current = scope
        if pk in self.ids[scope.model] or pk in self.pending:
            raise BackupFileError(f"{scope.verbose_name} {pk} finns redan tidigare i filen.", line=number)
        if scope.model is Municipality:
            self._check_municipality(number, fields)
        # Decoded first: a row that points at a row still waiting in the buffer writes the buffer out.
        obj = self._decode(scope, pk, fields, number)
        self.buffer.append((pk, number, obj))
        self.pending.add(pk)
        if len(self.buffer) >= BATCH:
            self._flush()

    def _check_municipality(self, number: int, fields: dict[str, Any]) -> None:
        if self.ids[Municipality] or self.pending:
            raise BackupFileError("filen håller mer än en kommun.", line=number)
        if fields.get("slug") != self.header["municipality"]["slug"]:
            raise BackupFileError(
                f"kommunen har kortnamnet ”{fields.get('slug')}”, men rad 1 anger "
                f"”{self.header['municipality']['slug']}”.",
                line=number,
            )

    def _decode(self, scope: ModelScope, pk: int, fields: dict[str, Any], number: int) -> models.Model:
        known = {model_field.name for model_field in (*scope.fields, *scope.many_to_many)}
        unknown = sorted(set(fields) - known)
        if unknown:
            if scope.model is self.account and set(unknown) & INSTALLATION_WIDE_USER_FIELDS:
                raise BackupFileError(
                    f"{_at(scope, pk)}: ett användarkonto i en kommunfil får inte ha behörigheter i hela "
                    f"installationen ({', '.join(unknown)}).",
                    line=number,
                )
            raise BackupFileError(f"{_at(scope, pk, unknown[0])} finns inte i Styrkedja.", line=number)
        values: dict[str, Any] = {}
        for model_field in scope.fields:
            if model_field.name not in fields:
                if not (
                    model_field.has_default()
                    or model_field.null
                    or (model_field.blank and model_field.empty_strings_allowed)
                ):
                    raise BackupFileError(f"{_at(scope, pk, model_field.name)} saknas.", line=number)
                continue
            raw = fields[model_field.name]
            if model_field.is_relation:
                values[model_field.attname] = self._reference(scope, pk, model_field, raw, number)
                continue
            try:
                values[model_field.attname] = decode_value(model_field, raw)
            except ValueError as error:
                raise BackupFileError(f"{_at(scope, pk, model_field.name)}: {error}.", line=number) from None
        if scope.label in GENERIC_REFERENCES:
            self._point_generic_reference(scope, values)
        for many_field in scope.many_to_many:
            targets = fields.get(many_field.name, [])
            if not isinstance(targets, list):
                raise BackupFileError(f"{_at(scope, pk, many_field.name)} ska vara en lista.", line=number)
            for target in targets:
                self.links[scope, many_field].append(
                    (pk, self._link_target(scope, pk, many_field, target, number), number)
                )
        return scope.model(**values)

    def _reference(self, scope: ModelScope, pk: int, model_field: models.Field, raw: Any, number: int) -> Any:
        where = (scope, pk, model_field.name)  # named in a message only when there is one
        if raw is None:
            if not model_field.null:
                raise BackupFileError(f"{_at(*where)}: får inte vara tomt.", line=number)
            return None
        target = model_field.related_model
        if is_global(target):
            return self._global(target, raw, where, number)
        if not _is_id(raw):
            raise BackupFileError(f"{_at(*where)}: ska vara id för en rad i filen.", line=number)
        if raw in self.ids[target]:
            return self.ids[target][raw]
        if target is scope.model and raw in self.pending:
            self._flush()
            return self.ids[target][raw]
        if model_field.null and (target is scope.model or self.position[target] > self.position[scope.model]):
            # Points at a row further on in the file: filled in when every row is in.
            self.deferred.append((scope, pk, model_field, raw, number))
            return None
        raise BackupFileError(
            f"{_at(*where)}: pekar på {target._meta.verbose_name} {raw}, som inte finns i filen.", line=number
        )

    def _global(self, target: type[models.Model], raw: Any, where: tuple, number: int) -> int:
        """A row of this installation, named by its natural key (a list) or its id."""
        key = (target, repr(raw))
        if key not in self.globals:
            try:
                if hasattr(target, "natural_key"):
                    if not isinstance(raw, list):
                        raise BackupFileError(
                            f"{_at(*where)}: ska vara en lista (en naturlig nyckel).", line=number
                        )
                    found = target._default_manager.get_by_natural_key(*raw)
                else:
                    if not _is_id(raw):
                        raise BackupFileError(f"{_at(*where)}: ska vara ett id.", line=number)
                    found = target._base_manager.get(pk=raw)
            except (target.DoesNotExist, TypeError, ValueError):
                raise BackupFileError(
                    f"{_at(*where)}: {target._meta.verbose_name} {raw} finns inte i den här installationen.",
                    line=number,
                ) from None
            self.globals[key] = found.pk
        return self.globals[key]

    def _link_target(
        self, scope: ModelScope, pk: int, many_field: models.ManyToManyField, raw: Any, number: int
    ) -> Any:
        target = many_field.related_model
        where = (scope, pk, many_field.name)
        if is_global(target):
            return ("installation", self._global(target, raw, where, number))
        if not _is_id(raw):
            raise BackupFileError(f"{_at(*where)}: ska vara en lista med id för rader i filen.", line=number)
        return ("file", raw)

    def _point_generic_reference(self, scope: ModelScope, values: dict[str, Any]) -> None:
        """An audit entry's object, and ids in its data, are pointed at the new ids.

        An object that the file does not hold (it was deleted before the export) keeps no id, so
        that the entry cannot be taken for one about a new row that happens to get that id.
        """
        type_field, id_field = GENERIC_REFERENCES[scope.label]
        named = self.by_label.get(values.get(type_field))
        if named is not None:
            old = values.get(id_field, "")
            new = self.ids[named.model].get(int(old)) if str(old).isdigit() else None
            values[id_field] = str(new) if new else ""
        references = AUDIT_DATA_REFERENCES.get(values.get("action"), {})
        data = values.get("data")
        if not references or not isinstance(data, dict):
            return
        data = dict(data)
        for key, label in references.items():
            ids = self.ids[self.by_label[label].model]
            if isinstance(data.get(key), int):
                data[key] = ids.get(data[key])
            elif isinstance(data.get(key), list):
                data[key] = [ids.get(item) if isinstance(item, int) else None for item in data[key]]
        values["data"] = data

    # Writing

    def _flush(self) -> None:
        if not self.buffer:
            return
        scope = self.current
        rows = [obj for _, _, obj in self.buffer]
        self._check_unique(scope)
        first, last = self.buffer[0][1], self.buffer[-1][1]
        try:
            new_ids = _insert(scope.model, rows)
        except DatabaseError as error:
            raise BackupFileError(
                f"Raderna {first}–{last} ({scope.model._meta.verbose_name_plural}) godtogs inte av "
                f"databasen: {str(error).strip()}"
            ) from None
        for (pk, number, _), new in zip(self.buffer, new_ids, strict=True):
            self.ids[scope.model][pk] = new
            self.lines[scope.model][pk] = number
        self.counts[scope.label] += len(self.buffer)
        if scope.model is Municipality:
            self.municipality = Municipality.objects.get(pk=new_ids[0])
        self.buffer = []
        self.pending = set()

    def _check_unique(self, scope: ModelScope) -> None:
        """What must be unique in the whole installation (a short name, a user name) is not taken."""
        for unique in _installation_unique(scope.model):
            names = tuple(model_field.name for model_field in unique)
            seen = self.unique_seen[scope.label, names]
            values = []
            for _pk, number, obj in self.buffer:
                value = tuple(getattr(obj, model_field.attname) for model_field in unique)
                if value in seen:
                    raise BackupFileError(
                        f"{scope.verbose_name} med {'/'.join(names)} {value} finns två gånger i filen.",
                        line=number,
                    )
                seen.add(value)
                values.append(value)
            if len(unique) == 1:
                condition = models.Q(**{f"{unique[0].attname}__in": [value[0] for value in values]})
            else:
                condition = models.Q()
                for value in values:
                    condition |= models.Q(
                        **{field.attname: part for field, part in zip(unique, value, strict=True)}
                    )
            taken = list(scope.model._base_manager.filter(condition).values_list(*names)[:6])
            if taken:
                fields = "/".join(str(model_field.verbose_name) for model_field in unique)
                shown = ", ".join("”" + "/".join(str(part) for part in value) + "”" for value in taken[:5])
                plural = str(scope.model._meta.verbose_name_plural).capitalize()
                raise BackupFileError(
                    f"{plural} som redan finns i den här installationen: {fields} {shown}"
                    f"{' …' if len(taken) > 5 else ''}."
                )

    def _fill_in_deferred(self) -> None:
        for scope, pk, model_field, raw, number in self.deferred:
            new = self.ids[model_field.related_model].get(raw)
            if new is None:
                raise BackupFileError(
                    f"{scope.verbose_name} {pk}, fältet ”{model_field.name}”: pekar på "
                    f"{model_field.related_model._meta.verbose_name} {raw}, som inte finns i filen.",
                    line=number,
                )
            scope.model._base_manager.filter(pk=self.ids[scope.model][pk]).update(
                **{model_field.attname: new}
            )

    def _link_many_to_many(self) -> None:
        for (scope, many_field), links in self.links.items():
            through = many_field.remote_field.through
            source = through._meta.get_field(many_field.m2m_field_name()).attname
            target = through._meta.get_field(many_field.m2m_reverse_field_name()).attname
            target_ids = self.ids[many_field.related_model]
            pairs = {}
            for pk, (kind, raw), number in links:
                if kind == "file" and raw not in target_ids:
                    raise BackupFileError(
                        f"{scope.verbose_name} {pk}, fältet ”{many_field.name}”: pekar på "
                        f"{many_field.related_model._meta.verbose_name} {raw}, som inte finns i filen.",
                        line=number,
                    )
                pair = (self.ids[scope.model][pk], target_ids[raw] if kind == "file" else raw)
                pairs.setdefault(pair, through(**{source: pair[0], target: pair[1]}))
            try:
                through._base_manager.bulk_create(pairs.values(), batch_size=BATCH)
            except DatabaseError as error:
                raise BackupFileError(
                    f"Kopplingarna i fältet ”{many_field.name}” ({scope.verbose_name}) godtogs inte av "
                    f"databasen: {str(error).strip()}"
                ) from None

    def _check_all_belong(self) -> None:
        """Every row read leads to the new municipality by the chain it is exported by.

        A user account without a membership in the file, say, or an audit entry of no municipality.
        """
        for scope in self.scopes:
            ids = self.ids[scope.model]
            if not ids:
                continue
            reached = set(scope.rows(self.municipality).values_list("pk", flat=True))
            stray = sorted(pk for pk, new in ids.items() if new not in reached)
            if stray:
                hint = " (kontot har inget medlemskap i kommunen)" if scope.model is self.account else ""
                raise BackupFileError(
                    f"{scope.verbose_name} {stray[0]} hör inte till kommunen {self.municipality}{hint}.",
                    line=self.lines[scope.model][stray[0]],
                )


def _at(scope: ModelScope, pk: int, field: str = "") -> str:
    """Where in the file, for a message: "aktivitetsrapport 12, fältet ”status”"."""
    return f"{scope.verbose_name} {pk}, fältet ”{field}”" if field else f"{scope.verbose_name} {pk}"


def _installation_unique(model: type[models.Model]) -> list[tuple[models.Field, ...]]:
    """The fields whose values must be unique among every municipality's rows, not just one's."""

    def local(model_field: models.Field) -> bool:
        # A key to another of the municipality's rows is new, so it collides with nothing.
        return model_field.is_relation and not is_global(model_field.related_model)

    opts = model._meta
    sets = [
        (model_field,)
        for model_field in opts.concrete_fields
        if model_field.unique and not model_field.primary_key
    ]
    sets += [tuple(opts.get_field(name) for name in names) for names in opts.unique_together]
    sets += [
        tuple(opts.get_field(name) for name in constraint.fields)
        for constraint in opts.total_unique_constraints
    ]
    return [fields for fields in sets if not any(local(model_field) for model_field in fields)]


def _insert(model: type[models.Model], rows: list[models.Model]) -> list[int]:
    """Inserts the rows as they are and returns their new ids, in order.

    As ``loaddata`` does (``raw``), so that a field with ``auto_now_add`` keeps the time in the file
    instead of getting the time of the import; ``bulk_create`` would stamp it anew.
    """
    database = router.db_for_write(model)
    connection = connections[database]
    opts = model._meta
    fields = [
        model_field
        for model_field in opts.concrete_fields
        if model_field is not opts.pk and not model_field.generated
    ]
    manager = model._base_manager
    batch = max(connection.ops.bulk_batch_size(fields, rows), 1)
    new_ids: list[int] = []
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        if connection.features.can_return_rows_from_bulk_insert:
            inserted = manager._insert(
                chunk, fields=fields, returning_fields=[opts.pk], raw=True, using=database
            )
        else:
            inserted = [
                manager._insert([row], fields=fields, returning_fields=[opts.pk], raw=True, using=database)[0]
                for row in chunk
            ]
        new_ids.extend(values[0] for values in inserted)
    return new_ids

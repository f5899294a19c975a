"""A municipality's Word template, cleaned down to what a template is for.

Every Word document Styrkedja makes is built on the template, so whatever the template holds
reaches every reader. Word fetches, when a document is opened, an attached template
(``attachedTemplate``), linked pictures, INCLUDEPICTURE and INCLUDETEXT fields and more; a
UNC path (``\\\\host\\share``) among them hands the reader's NTLM hash to that host. So the
template is rebuilt from a whitelist rather than cleaned of a blacklist:

- kept: the styles (with numbering, theme, font table and settings, which they need), the
  page set-up (the body's section properties), the headers and footers in use with their
  text and embedded pictures (PNG, JPEG, GIF, BMP, TIFF, EMF, WMF), the footnote separators;
- dropped: every external relationship, and every part not above: macros (VBA), ActiveX,
  OLE objects, altChunk, customXml, the glossary (building blocks), comments, embedded
  fonts, mail-merge data sources, web settings (frames), printer settings, the document
  properties and thumbnail, and the template's own body text;
- inside what is kept: every field whose code is not in SAFE_FIELDS loses its code and keeps
  its last result as plain text; hyperlinks become their text; attributes that name a place
  (``href``, ``src``) and picture links are removed, and a picture left without its image
  goes; the settings lose the attached template, mail merge, document variables, XML
  transforms and write protection.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from lxml import etree

from styrkedja.officefiles.container import (
    DOCX,
    RELATIONSHIPS_NS,
    WORD_TEMPLATE_LIMITS,
    OfficeFileRefused,
    OfficePackage,
    kind_name,
    office_file_check,
    part_name,
    relationships_name,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PACKAGE_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
VML_NS = "urn:schemas-microsoft-com:vml"
OFFICE_NS = "urn:schemas-microsoft-com:office:office"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
OFFICE_DOCUMENT = REL + "officeDocument"
IMAGE = REL + "image"

# Fields that show a number, a date or a property of the document itself and fetch nothing.
SAFE_FIELDS = frozenset(
    {"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "DATE", "TIME", "CREATEDATE", "SAVEDATE", "PRINTDATE",
     "TITLE", "SUBJECT", "AUTHOR", "KEYWORDS", "COMMENTS", "LASTSAVEDBY", "DOCPROPERTY", "STYLEREF",
     "REF", "PAGEREF", "SEQ", "NUMWORDS", "NUMCHARS", "REVNUM", "EDITTIME", "FILENAME"}
)  # fmt: skip

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# The parts of a template that are kept, by their relationship from the document, with the
# content type each is written with (the one the file gives is not trusted).
KEPT_PARTS = {
    REL + "styles": CONTENT_TYPE.format("styles"),
    STYLES_WITH_EFFECTS: "application/vnd.ms-word.stylesWithEffects+xml",
    REL + "numbering": CONTENT_TYPE.format("numbering"),
    REL + "settings": CONTENT_TYPE.format("settings"),
    REL + "theme": "application/vnd.openxmlformats-officedocument.theme+xml",
    REL + "fontTable": CONTENT_TYPE.format("fontTable"),
    REL + "header": CONTENT_TYPE.format("header"),
    REL + "footer": CONTENT_TYPE.format("footer"),
    REL + "footnotes": CONTENT_TYPE.format("footnotes"),
    REL + "endnotes": CONTENT_TYPE.format("endnotes"),
}  # fmt: skip
MAIN_CONTENT_TYPE = CONTENT_TYPE.format("document.main")
# The parts whose embedded pictures are kept.
WITH_PICTURES = {REL + name for name in ("header", "footer", "numbering", "theme", "footnotes", "endnotes")}
PICTURES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif",
            "bmp": "image/bmp", "tiff": "image/tiff", "tif": "image/tiff", "emf": "image/x-emf",
            "wmf": "image/x-wmf"}  # fmt: skip
# Drawings that are pictures, shapes (text boxes, bars of colour), groups of them, canvases.
GRAPHICS = {
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
}

# What was dropped, as the upload's message names it.
DROPPED_BY_RELATIONSHIP = {
    "attachedTemplate": "attached_template",
    "vbaProject": "macros", "vbaData": "macros", "keyMapCustomizations": "macros",
    "attachedToolbars": "macros",
    "control": "activex", "oleObject": "ole", "package": "ole", "aFChunk": "altchunk",
    "customXml": "customxml", "customXmlProps": "customxml", "glossaryDocument": "glossary",
    "mailMergeSource": "mailmerge", "mailMergeHeaderSource": "mailmerge", "recipientData": "mailmerge",
    "font": "fonts", "comments": "comments", "commentsExtended": "comments", "commentsIds": "comments",
    "people": "comments",
}  # fmt: skip
REMOVED_ELEMENTS = {
    "altChunk": "altchunk", "subDoc": "altchunk", "object": "ole", "control": "activex",
    "attachedTemplate": "attached_template", "mailMerge": "mailmerge", "linkStyles": "attached_template",
    "docVars": "", "saveThroughXslt": "", "attachedSchema": "", "saveXmlDataOnly": "",
    "useXSLTWhenSaving": "",
    "documentProtection": "protection", "writeProtection": "protection", "embedRegular": "fonts",
    "embedBold": "fonts", "embedItalic": "fonts", "embedBoldItalic": "fonts", "embedTrueTypeFonts": "",
    "embedSystemFonts": "", "saveSubsetFonts": "", "dataBinding": "customxml", "fldData": "",
    "printerSettings": "", "contentPart": "",
}  # fmt: skip
UNWRAPPED = {"customXml": "customxml", "smartTag": "", "hyperlink": "external"}


def _labels() -> dict[str, str]:
    return {
        "attached_template": _("en bifogad mall (attachedTemplate) som Word hämtar när dokumentet öppnas"),
        "external": _("länkar till filer och webbplatser utanför dokumentet"),
        "macros": _("makron (VBA)"),
        "activex": _("ActiveX-kontroller"),
        "ole": _("inbäddade objekt (OLE)"),
        "altchunk": _("inbäddade dokument (altChunk)"),
        "customxml": _("anpassad XML (customXml)"),
        "glossary": _("byggblock (glossary)"),
        "mailmerge": _("en datakälla för dokumentkoppling"),
        "fonts": _("inbäddade typsnitt"),
        "comments": _("kommentarer"),
        "protection": _("skrivskydd"),
    }


@dataclass
class CleanedTemplate:
    content: bytes
    removed: list[str]  # what was dropped that a template might have meant, in Swedish


def w(local: str) -> str:
    return f"{{{W_NS}}}{local}"


def _parser() -> etree.XMLParser:
    # The container check has refused DTDs and deep nesting already; this parser also never
    # resolves an entity or reaches the network.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True,
        remove_pis=True,
    )  # fmt: skip


@dataclass
class _Relationship:
    id: str
    type: str
    target: str  # a zip member name
    external: bool


@dataclass
class _Cleaning:
    package: OfficePackage
    found: set[str] = field(default_factory=set)
    fields: set[str] = field(default_factory=set)
    parts: dict[str, bytes] = field(default_factory=dict)  # zip member → content
    content_types: dict[str, str] = field(default_factory=dict)  # zip member → content type
    relationships: dict[str, list[_Relationship]] = field(default_factory=dict)  # part → kept

    def read_relationships(self, source: str) -> list[_Relationship]:
        name = relationships_name(source) if source else "_rels/.rels"
        if name not in self.package.archive.namelist():
            return []
        root = etree.fromstring(self.package.archive.read(name), _parser())
        found = []
        for element in root.iter(f"{{{PACKAGE_RELATIONSHIPS_NS}}}Relationship"):
            external = element.get("TargetMode") == "External"
            target = element.get("Target", "")
            found.append(
                _Relationship(
                    element.get("Id", ""),
                    element.get("Type", ""),
                    target if external else part_name(source, target),
                    external,
                )
            )
        return found

    def note_dropped(self, relationship: _Relationship) -> None:
        kind = DROPPED_BY_RELATIONSHIP.get(relationship.type.rsplit("/", 1)[-1])
        if kind:
            self.found.add(kind)
        if relationship.external:
            self.found.add("external")

    def exists(self, name: str) -> bool:
        if name.startswith(("../", "/")):
            return False  # outside the package
        try:
            self.package.archive.getinfo(name)
        except KeyError:
            return False
        return True


def word_template_clean(content: bytes) -> CleanedTemplate:
    """The template with only its styles, page set-up, headers, footers and their pictures.

    Raises OfficeFileRefused when the file is not a Word document within the limits.
    """
    package = office_file_check(content, limits=WORD_TEMPLATE_LIMITS)
    try:
        return _clean(package)
    except (etree.XMLSyntaxError, KeyError, zipfile.BadZipFile) as error:
        raise OfficeFileRefused(
            _("filen går inte att läsa som %(kind)s. Spara den som %(kind)s och försök igen.")
            % {"kind": kind_name(DOCX)},
            unreadable=True,
        ) from error


def _clean(package: OfficePackage) -> CleanedTemplate:
    cleaning = _Cleaning(package)
    for relationship in cleaning.read_relationships(""):
        if relationship.type != OFFICE_DOCUMENT:
            cleaning.note_dropped(relationship)
    main = package.main_part
    kept: list[_Relationship] = []
    for relationship in cleaning.read_relationships(main):
        if (
            relationship.type in KEPT_PARTS
            and not relationship.external
            and cleaning.exists(relationship.target)
        ):
            kept.append(relationship)
        else:
            cleaning.note_dropped(relationship)
    document = etree.fromstring(package.archive.read(main), _parser())
    _keep_only_page_setup(document)
    in_use = {
        ref.get(f"{{{RELATIONSHIPS_NS}}}id")
        for ref in document.iter(w("headerReference"), w("footerReference"))
    }
    kept = [r for r in kept if r.type not in (REL + "header", REL + "footer") or r.id in in_use]
    _sanitise(document, {r.id for r in kept}, cleaning)
    cleaning.parts[main] = _xml(document)
    cleaning.content_types[main] = MAIN_CONTENT_TYPE
    cleaning.relationships[main] = kept
    for relationship in kept:
        _clean_part(relationship, cleaning)
    return CleanedTemplate(_package(cleaning), _removed(cleaning))


def _clean_part(relationship: _Relationship, cleaning: _Cleaning) -> None:
    name = relationship.target
    if name in cleaning.parts:
        return
    pictures = []
    for inner in cleaning.read_relationships(name):
        extension = posixpath.splitext(inner.target)[1][1:].lower()
        if (
            relationship.type in WITH_PICTURES
            and inner.type == IMAGE
            and not inner.external
            and extension in PICTURES
            and cleaning.exists(inner.target)
        ):
            pictures.append(inner)
        else:
            cleaning.note_dropped(inner)
    root = etree.fromstring(cleaning.package.archive.read(name), _parser())
    if relationship.type in (REL + "footnotes", REL + "endnotes"):
        # Only the separators: the notes themselves belonged to the template's own text.
        for note in list(root):
            if note.get(w("type")) in (None, "normal"):
                root.remove(note)
    _sanitise(root, {r.id for r in pictures}, cleaning)
    cleaning.parts[name] = _xml(root)
    cleaning.content_types[name] = KEPT_PARTS[relationship.type]
    cleaning.relationships[name] = pictures
    for picture in pictures:
        cleaning.parts[picture.target] = cleaning.package.archive.read(picture.target)


def _keep_only_page_setup(document: etree._Element) -> None:
    """The template's body goes, but for its section properties: page size, margins, which
    header and footer. Styrkedja writes the body."""
    body = document.find(w("body"))
    if body is None:
        return
    for element in list(body):
        if element.tag != w("sectPr"):
            body.remove(element)


def _sanitise(root: etree._Element, relationship_ids: set[str], cleaning: _Cleaning) -> None:
    for element in list(root.iter(etree.Element)):
        local = etree.QName(element).localname
        namespace = etree.QName(element).namespace
        if namespace == W_NS and local in REMOVED_ELEMENTS:
            _remove(element, cleaning, REMOVED_ELEMENTS[local])
        elif local == "webVideoPr" or (namespace == OFFICE_NS and local == "OLEObject"):
            _remove(element, cleaning, "external" if local == "webVideoPr" else "ole")
        elif namespace == A_NS and local == "graphicData" and element.get("uri") not in GRAPHICS:
            picture = _picture(element)  # a chart, a diagram, ink: each with parts of its own
            _remove(picture if picture is not None else element, cleaning, "")
    _fields(root, cleaning)
    for element in list(root.iter(w("fldSimple"))):
        if _field_code(element.get(w("instr"), "")) not in SAFE_FIELDS:
            cleaning.fields.add(_field_code(element.get(w("instr"), "")) or "?")
            _unwrap(element)
    for local, kind in UNWRAPPED.items():
        for element in list(root.iter(w(local))):
            if kind:
                cleaning.found.add(kind)
            _unwrap(element)
    _references(root, relationship_ids, cleaning)


def _references(root: etree._Element, relationship_ids: set[str], cleaning: _Cleaning) -> None:
    """Every attribute that names a relationship, a file or an address: a link always goes, a
    reference to a relationship that was not kept takes its element (or picture) with it."""
    dangling = []
    for element in root.iter(etree.Element):
        for attribute in list(element.attrib):
            qualified = etree.QName(attribute)
            if qualified.localname in ("href", "src") and qualified.namespace != RELATIONSHIPS_NS:
                del element.attrib[attribute]
                cleaning.found.add("external")
            elif qualified.namespace == RELATIONSHIPS_NS:
                if qualified.localname == "link":
                    del element.attrib[attribute]  # a linked picture is fetched from where it points
                    cleaning.found.add("external")
                elif element.attrib[attribute] not in relationship_ids:
                    dangling.append(element)
        if element.tag == f"{{{A_NS}}}blip" and f"{{{RELATIONSHIPS_NS}}}embed" not in element.attrib:
            dangling.append(element)  # a picture with nothing to show
        if element.tag == f"{{{VML_NS}}}imagedata" and f"{{{RELATIONSHIPS_NS}}}id" not in element.attrib:
            dangling.append(element)
    for element in dangling:
        # In an extension (an SVG beside its PNG, say) only the extension goes; in a picture,
        # the picture; anything else by itself.
        container = next(element.iterancestors(f"{{{A_NS}}}ext"), None)
        if container is None:
            container = _picture(element)
        _remove(container if container is not None else element, cleaning, "")
    for run in list(root.iter(w("r"))):
        if all(child.tag == w("rPr") for child in run):
            _remove(run, cleaning, "")


def _picture(element: etree._Element) -> etree._Element | None:
    return next(element.iterancestors(w("drawing"), w("pict")), None)


def _remove(element: etree._Element, cleaning: _Cleaning, kind: str) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)
        if kind:
            cleaning.found.add(kind)


def _unwrap(element: etree._Element) -> None:
    """The element replaced by its children (a hyperlink by its text)."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, child in enumerate(
        [c for c in element if c.tag not in (w("fldData"), w("customXmlPr"), w("smartTagPr"))]
    ):
        parent.insert(index + offset, child)
    parent.remove(element)


def _field_code(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper().lstrip("\\") if words else ""


@dataclass
class _Field:
    code: list[str] = field(default_factory=list)
    elements: list[etree._Element] = field(default_factory=list)  # its marks and its code
    in_result: bool = False


def _fields(root: etree._Element, cleaning: _Cleaning) -> None:
    """Complex fields (begin, code, separate, result, end; nested, and across paragraphs): one
    whose code is not safe loses its marks and its code and keeps its result as text."""
    open_fields: list[_Field] = []

    def claim(element: etree._Element, fields: list[_Field]) -> None:
        for outer in fields:
            if not outer.in_result:  # inside an outer field's code: part of that code
                outer.elements.append(element)

    def close(done: _Field) -> None:
        code = _field_code("".join(done.code))
        if code in SAFE_FIELDS:
            return
        cleaning.fields.add(code or "?")
        for element in done.elements:
            if element.getparent() is not None:
                element.getparent().remove(element)

    for run in list(root.iter(w("r"))):
        for child in list(run):
            if child.tag == w("rPr"):
                continue
            if child.tag == w("fldChar"):
                mark = child.get(w("fldCharType"))
                if mark == "begin":
                    claim(child, open_fields)
                    open_fields.append(_Field(elements=[child]))
                elif mark == "separate" and open_fields:
                    open_fields[-1].elements.append(child)
                    open_fields[-1].in_result = True
                    claim(child, open_fields[:-1])
                elif mark == "end" and open_fields:
                    done = open_fields.pop()
                    done.elements.append(child)
                    claim(child, open_fields)
                    close(done)
                else:
                    run.remove(child)  # a mark without its field
            elif child.tag in (w("instrText"), w("delInstrText")):
                if open_fields and not open_fields[-1].in_result:
                    open_fields[-1].code.append(child.text or "")
                    claim(child, open_fields)
                else:
                    run.remove(child)  # code outside a field's code
            else:
                claim(child, open_fields)
    for unfinished in open_fields:  # a field without its end is never kept
        unfinished.code = ["?"]
        close(unfinished)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _relationships_xml(source: str, relationships: list[_Relationship]) -> bytes:
    root = etree.Element(
        f"{{{PACKAGE_RELATIONSHIPS_NS}}}Relationships", nsmap={None: PACKAGE_RELATIONSHIPS_NS}
    )
    folder = posixpath.dirname(source)
    for relationship in relationships:
        etree.SubElement(
            root,
            f"{{{PACKAGE_RELATIONSHIPS_NS}}}Relationship",
            Id=relationship.id,
            Type=relationship.type,
            Target=posixpath.relpath(relationship.target, folder or "."),
        )
    return _xml(root)


def _package(cleaning: _Cleaning) -> bytes:
    main = cleaning.package.main_part
    types = etree.Element(f"{{{CONTENT_TYPES_NS}}}Types", nsmap={None: CONTENT_TYPES_NS})
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}
    for name in cleaning.parts:
        extension = posixpath.splitext(name)[1][1:].lower()
        if name not in cleaning.content_types and extension in PICTURES:
            defaults[extension] = PICTURES[extension]
    for extension, content_type in defaults.items():
        etree.SubElement(
            types, f"{{{CONTENT_TYPES_NS}}}Default", Extension=extension, ContentType=content_type
        )
    for name, content_type in cleaning.content_types.items():
        etree.SubElement(
            types, f"{{{CONTENT_TYPES_NS}}}Override", PartName="/" + name, ContentType=content_type
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _xml(types))
        archive.writestr(
            "_rels/.rels", _relationships_xml("", [_Relationship("rId1", OFFICE_DOCUMENT, main, False)])
        )
        for name, content in cleaning.parts.items():
            archive.writestr(name, content)
            if cleaning.relationships.get(name):
                archive.writestr(
                    relationships_name(name), _relationships_xml(name, cleaning.relationships[name])
                )
    return buffer.getvalue()


def _removed(cleaning: _Cleaning) -> list[str]:
    labels = _labels()
    removed = [labels[kind] for kind in labels if kind in cleaning.found]
    if cleaning.fields:
        removed.append(
            _(
                "fält som kan hämta innehåll eller länka (%(fields)s); fält för sidnummer, datum och "
                "dokumentegenskaper behålls"
            )
            % {"fields": ", ".join(sorted(cleaning.fields))}
        )
    return removed

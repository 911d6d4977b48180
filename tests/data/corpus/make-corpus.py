#!/usr/bin/python3
# SPDX-License-Identifier: ISC
#
# make-corpus.py [--check]
#
# Writes the labelled classification corpus of hercert: mails shaped like
# the ones Dutch board coordinators (BOCs), auditors, the coordinator, mail
# servers and strangers really send to partnerschap@hsmarnix.nl, each with
# the verdict a careful human gives it (labels.json: class, role, audit
# date, schools), plus the master data they are judged against
# (masterdata/*.csv) and the README.
#
# Everything is deterministic: fixed dates, Message-IDs, boundaries and zip
# timestamps; "random looking" identifiers are hashes of the file name.
# Header lines and MIME structure are written by hand, in the shape each
# client writes them (Outlook/Exchange, Outlook on the web, Outlook for Mac,
# Gmail web and Android, Apple Mail, iPhone, Thunderbird, Roundcube, Samsung
# Email, Postfix, Exchange Online, Mailman, ...).
#
# --check additionally parses every mail back with Python's email package
# and prints, per mail, the school names, BRIN codes and date spellings a
# naive exact search finds, next to the label, so that a human can review
# the labels (typos, other boards, ambiguous names are expected to differ).
import base64
import hashlib
import io
import json
import os
import quopri
import re
import sys
import unicodedata
import urllib.parse
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
US = "partnerschap@hsmarnix.nl"
US_NAME = "Partnerschap Hercertificering"
AUDIT_DATES = ["2022-11-01", "2023-01-26", "2023-03-28", "2023-06-22"]

# --------------------------------------------------------------- master data
# The example master data (examples/masterdata) plus a fourth board, LEK,
# whose schools make traps: a second "De Regenboog" (so "De Regenboog" from
# the BOC of BRG means 21HK and from the BOC of LEK 51RB), "De Zon" whose
# name is a prefix of "De Zonnebloem", and two schools called "De Fontein"
# (so "De Fontein" from the BOC of LEK is ambiguous). KPH gets a third
# school and LEK an auditor.

BESTUREN_CSV = """\
code;naam;boc_naam;boc_email
BRG;Stichting Bergrivier;Anne de Vries;a.devries@bergrivier.nl
WLD;Stichting Waterland;Marieke Hoekstra;m.hoekstra@stichtingwaterland.nl|marieke.hoekstra@stichtingwaterland.nl
KPH;Katholieke Scholenstichting Heuvelrug;Jeroen Bakker;j.bakker@ksheuvelrug.nl
LEK;Stichting Lekstroom Onderwijs;Yasmina El Idrissi;y.elidrissi@lekstroom.nl
"""

SCHOLEN_CSV = "\ufeff" + """\
brin;naam;plaats;bestuur;schoolopleider_naam;schoolopleider_email;directeur_naam;directeur_email;instituutsopleider_naam;instituutsopleider_email;basisaudit;certificaat_tot
21HK;OBS De Regenboog;Houten;BRG;Lotte van Dijk;l.vandijk@bergrivier.nl;Mark Kuipers;m.kuipers@bergrivier.nl;Ingrid Bosman;i.bosman@hsmarnix.nl;2017-01-24;2023-01-24
23JL;CBS De Wegwijzer;Nieuwegein;BRG;Noël Verbeek;n.verbeek@bergrivier.nl;Esther Brouwer;e.brouwer@bergrivier.nl;Ingrid Bosman;i.bosman@hsmarnix.nl;2017-02-07;2023-02-07
24PT;OBS 't Palet;IJsselstein;BRG;Femke Schouten;f.schouten@bergrivier.nl;Bas Hendriks;b.hendriks@bergrivier.nl;Thijs van der Meer;t.vandermeer@hsmarnix.nl;2017-06-13;2023-06-13
25KP;Basisschool Het Kompas;Vianen;BRG;Sophie de Wit|Ruud Jacobs;s.dewit@bergrivier.nl|r.jacobs@bergrivier.nl;Gerda Vos;g.vos@bergrivier.nl;Thijs van der Meer;t.vandermeer@hsmarnix.nl;2017-05-30;2023-05-30
27RM;OBS De Ruimte;Lopik;BRG;Zoë Peters;z.peters@bergrivier.nl;Hans van Leeuwen;h.vanleeuwen@bergrivier.nl;Thijs van der Meer;t.vandermeer@hsmarnix.nl;2017-09-26;2023-09-26
31MG;CBS De Morgenster;Maarssen;WLD;Sanne Visser|Daan Mulder;s.visser@stichtingwaterland.nl|d.mulder@stichtingwaterland.nl;Wim Dekker;w.dekker@stichtingwaterland.nl;Hélène Claassen;h.claassen@hsmarnix.nl;2017-03-21;2023-03-21
32RH;PCBS Rehoboth;Woerden;WLD;Inge Smit;i.smit@stichtingwaterland.nl;Arjen de Boer;a.deboer@stichtingwaterland.nl;Hélène Claassen;h.claassen@hsmarnix.nl;2017-04-11;2023-04-11
34KB;OBS De Klimboom;Breukelen;WLD;Chloë Willemsen;c.willemsen@stichtingwaterland.nl;Karel Post;k.post@stichtingwaterland.nl;Ingrid Bosman;i.bosman@hsmarnix.nl;2016-11-29;2022-11-29
35EH;CBS Eben-Haëzer;Kamerik;WLD;Marleen Koster;m.koster@stichtingwaterland.nl;Joost van Wijk;j.vanwijk@stichtingwaterland.nl;Hélène Claassen;h.claassen@hsmarnix.nl;2017-03-14;2023-03-14
41SJ;RKBS Sint-Jozef;Zeist;KPH;Loïs Hermans;l.hermans@ksheuvelrug.nl;Frank Martens;f.martens@ksheuvelrug.nl;René Timmer;r.timmer@hsmarnix.nl;2016-12-13;2022-12-13
43BN;RKBS Sint Bernardus;Driebergen-Rijsenburg;KPH;Eline Vermeulen;e.vermeulen@ksheuvelrug.nl;Tom Evers;t.evers@ksheuvelrug.nl;René Timmer;r.timmer@hsmarnix.nl;2017-01-17;2023-01-17
44MT;RKBS Sint Maarten;Doorn;KPH;Wouter Claes;w.claes@ksheuvelrug.nl;Ria Dijkman;r.dijkman@ksheuvelrug.nl;René Timmer;r.timmer@hsmarnix.nl;2017-10-10;2023-10-10
51RB;CBS De Regenboog;IJsselstein;LEK;Fleur Bosch;f.bosch@lekstroom.nl;Kees Vermeer;k.vermeer@lekstroom.nl;Ingrid Bosman;i.bosman@hsmarnix.nl;2017-01-31;2023-01-31
52ZN;OBS De Zon;Vianen;LEK;Milan de Groot;m.degroot@lekstroom.nl;Anouk Lambers;a.lambers@lekstroom.nl;Thijs van der Meer;t.vandermeer@hsmarnix.nl;2017-03-28;2023-03-28
53ZB;CBS De Zonnebloem;Lexmond;LEK;Iris Hoogendoorn;i.hoogendoorn@lekstroom.nl;Pieter Kok;p.kok@lekstroom.nl;Thijs van der Meer;t.vandermeer@hsmarnix.nl;2017-01-24;2023-01-24
54FT;OBS De Fontein;Hagestein;LEK;Sara Yilmaz;s.yilmaz@lekstroom.nl;Johan Wit;j.wit@lekstroom.nl;René Timmer;r.timmer@hsmarnix.nl;2017-03-21;2023-03-21
55FN;CBS De Fontein;Schoonhoven;LEK;Lisa van Rijn;l.vanrijn@lekstroom.nl;Erik Hol;e.hol@lekstroom.nl;René Timmer;r.timmer@hsmarnix.nl;2017-03-21;2023-03-21
"""

AUDITOREN_CSV = """\
naam;email;bestuur
Karin Willems;k.willems@hsmarnix.nl;
Erik van Dam;e.vandam@hsmarnix.nl;
Noor de Graaf;n.degraaf@stichtingwaterland.nl;WLD
Peter Smits;p.smits@ksheuvelrug.nl;KPH
Bram Kok;b.kok@lekstroom.nl;LEK
"""

AUDITDATA_CSV = """\
datum
2022-11-01
26-01-2023
2023-03-28
22-06-2023
"""

# name -> (display name, address) of the people who write
BRG = ("Anne de Vries", "a.devries@bergrivier.nl")
WLD = ("Marieke Hoekstra", "m.hoekstra@stichtingwaterland.nl")
WLD2 = ("Marieke Hoekstra", "marieke.hoekstra@stichtingwaterland.nl")
KPH = ("Jeroen Bakker", "j.bakker@ksheuvelrug.nl")
LEK = ("Yasmina El Idrissi", "y.elidrissi@lekstroom.nl")
WILLEMS = ("Karin Willems", "k.willems@hsmarnix.nl")
VANDAM = ("Erik van Dam", "e.vandam@hsmarnix.nl")
DEGRAAF = ("Noor de Graaf", "n.degraaf@stichtingwaterland.nl")
SMITS = ("Peter Smits", "p.smits@ksheuvelrug.nl")
KOK = ("Bram Kok", "b.kok@lekstroom.nl")
COORD = ("Marloes Jansen", "coordinator@hsmarnix.nl")

# ------------------------------------------------------------------ helpers


def h8(s, n=32):
    """A stable hex string from s (for ids that look random)."""
    return hashlib.sha256(s.encode()).hexdigest()[:n]


def b64id(s, n=24):
    return base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()[:n]


def latin(b):
    """bytes -> str that maps back with .encode('latin-1') (8bit bodies)."""
    return b.decode("latin-1")


def qp(text, charset="utf-8"):
    return quopri.encodestring(text.encode(charset)).decode("ascii")


def b64lines(data, width=76):
    s = base64.b64encode(data).decode()
    return "\n".join(s[i:i + width] for i in range(0, len(s), width))


def ew_b(s, charset="UTF-8"):
    return "=?%s?B?%s?=" % (charset, base64.b64encode(
        s.encode(charset.lower())).decode())


def ew_q(s, charset="UTF-8", lower=False):
    out = ""
    for c in s.encode(charset.lower()):
        ch = chr(c)
        if ch == " ":
            out += "_"
        elif ch.isascii() and (ch.isalnum() or ch in "!*+-/.,:"):
            out += ch
        else:
            out += ("=%02x" if lower else "=%02X") % c
    return "=?%s?Q?%s?=" % (charset, out)


def pct(s, charset="utf-8"):
    ok = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
             b"0123456789!#$&+-.^_`|~")
    return "".join(chr(c) if c in ok else "%%%02X" % c
                   for c in s.encode(charset))


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def part(headers, body):
    return headers.rstrip("\n") + "\n\n" + body.rstrip("\n") + "\n"


def multipart(ctype_line, boundary, parts, preamble=""):
    """A multipart body part: the Content-Type header block, the parts."""
    s = ctype_line.rstrip("\n") + "\n\n"
    if preamble:
        s += preamble.rstrip("\n") + "\n\n"
    for p in parts:
        s += "--" + boundary + "\n" + p.rstrip("\n") + "\n\n"
    return s + "--" + boundary + "--\n"


def text_part(text, charset="utf-8", cte="quoted-printable", sub="plain",
              ct_extra="", style="plain"):
    """style: how the Content-Type line looks (clients differ)."""
    if cte == "quoted-printable":
        body = qp(text, charset)
    elif cte == "base64":
        body = b64lines(text.encode(charset))
    else:                                   # 7bit / 8bit: raw bytes
        body = latin(text.encode(charset))
    if style == "outlook":
        h = 'Content-Type: text/%s; charset="%s"%s\n' % (sub, charset, ct_extra)
    elif style == "apple":
        h = "Content-Type: text/%s;\n\tcharset=%s%s\n" % (sub, charset, ct_extra)
    else:
        h = "Content-Type: text/%s; charset=%s%s\n" % (sub, charset, ct_extra)
    if style == "apple":
        h = "Content-Transfer-Encoding: %s\n" % cte + h
    else:
        h += "Content-Transfer-Encoding: %s\n" % cte
    return part(h, body)


# ---------------------------------------------------------------- documents

def pdf(title):
    """A tiny but well-formed one-page PDF 1.4 carrying title."""
    t = title.encode("cp1252", "replace").replace(b"(", b"[").replace(b")", b"]")
    content = b"BT /F1 12 Tf 56 780 Td (" + t + b") Tj ET\n"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)
    return out


ZIP_DT = (2023, 1, 2, 9, 30, 0)


def zipped(entries):
    """entries: [(name, bytes)] -> a deterministic zip."""
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return bio.getvalue()


def docx(title):
    """A minimal Word document (a zip with word/document.xml)."""
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/'
           'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>%s</w:t></w:r>'
           '</w:p></w:body></w:document>' % esc(title))
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
          'openxmlformats.org/package/2006/content-types"><Override PartName='
          '"/word/document.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.wordprocessingml.document.main+xml"/></Types>')
    return zipped([("[Content_Types].xml", ct.encode()),
                   ("word/document.xml", doc.encode("utf-8"))])


PNG_LOGO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAECAIAAAA8r+mnAAAAE0lEQVR4nGNgIAIw"
    "MjAwEK8YAAbQAAP4B1V0AAAAAElFTkSuQmCC")

CTYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument."
            "wordprocessingml.document",
    "zip": "application/x-zip-compressed",
    "png": "image/png",
}


def doc_for(name):
    """The bytes of a document called name (kind and title from the name)."""
    title = name.rsplit(".", 1)[0]
    ext = name.rsplit(".", 1)[-1].lower()
    if ext == "pdf":
        return pdf(title)
    if ext == "docx":
        return docx(title)
    raise ValueError(name)


# ------------------------------------------------------ attachment writers
# Each returns one MIME part (text) for a file, in the shape of a client.

def att_outlook(name, data, ctype=None, charset="iso-8859-1"):
    ctype = ctype or CTYPES[name.rsplit(".", 1)[-1].lower()]
    if name.isascii():
        v = name
    else:
        v = ew_q(name, charset)
    h = ('Content-Type: %s; name="%s"\nContent-Description: %s\n'
         'Content-Disposition: attachment; filename="%s"; size=%d;\n'
         '\tcreation-date="Mon, 02 Jan 2023 09:41:07 GMT";\n'
         '\tmodification-date="Mon, 02 Jan 2023 09:41:07 GMT"\n'
         'Content-Transfer-Encoding: base64\n' % (ctype, v, v, v, len(data)))
    return part(h, b64lines(data))


def att_gmail(name, data, ident, ctype=None):
    ctype = ctype or CTYPES[name.rsplit(".", 1)[-1].lower()]
    v = name if name.isascii() else ew_b(name)
    h = ('Content-Type: %s; name="%s"\nContent-Disposition: attachment; '
         'filename="%s"\nContent-Transfer-Encoding: base64\n'
         'Content-ID: <%s>\nX-Attachment-Id: %s\n' % (ctype, v, v, ident, ident))
    return part(h, b64lines(data))


def att_thunderbird(name, data, charset="UTF-8", ctype=None):
    ctype = ctype or CTYPES[name.rsplit(".", 1)[-1].lower()]
    if name.isascii():
        h = ('Content-Type: %s; name="%s"\nContent-Disposition: attachment; '
             'filename="%s"\n' % (ctype, name, name))
    else:
        h = ('Content-Type: %s;\n name="%s"\nContent-Disposition: attachment;\n'
             ' filename*=%s\'\'%s\n' % (ctype, ew_q(name, charset, lower=True),
                                        charset, pct(name, charset.lower())))
    h += "Content-Transfer-Encoding: base64\n"
    return part(h, b64lines(data, 72))


def att_apple(name, data, inline=False, ctype=None):
    ctype = ctype or CTYPES[name.rsplit(".", 1)[-1].lower()]
    disp = "inline" if inline else "attachment"
    if name.isascii():
        fv = '"%s"' % name if (" " in name or "'" in name) else name
        h = ("Content-Disposition: %s;\n\tfilename=%s\nContent-Type: %s;\n"
             "\tx-unix-mode=0644;\n\tname=%s\n" % (disp, fv, ctype, fv))
    else:
        h = ("Content-Disposition: %s;\n\tfilename*=utf-8''%s\n"
             "Content-Type: %s;\n\tx-unix-mode=0644;\n\tname=\"%s\"\n"
             % (disp, pct(name), ctype, ew_q(name, "utf-8")))
    h += "Content-Transfer-Encoding: base64\n"
    return part(h, b64lines(data))


def att_roundcube(name, data, ctype=None):
    ctype = ctype or CTYPES[name.rsplit(".", 1)[-1].lower()]
    if name.isascii():
        h = ('Content-Transfer-Encoding: base64\nContent-Type: %s;\n'
             ' name="%s"\nContent-Disposition: attachment;\n filename="%s";\n'
             ' size=%d\n' % (ctype, name, name, len(data)))
    else:
        h = ("Content-Transfer-Encoding: base64\nContent-Type: %s;\n"
             " name*=UTF-8''%s\nContent-Disposition: attachment;\n"
             " filename*=UTF-8''%s;\n size=%d\n"
             % (ctype, pct(name), pct(name), len(data)))
    return part(h, b64lines(data))


def att_samsung(name, data, ctype=None):
    ctype = ctype or CTYPES[name.rsplit(".", 1)[-1].lower()]
    h = ('Content-Type: %s; name="%s"\nContent-Transfer-Encoding: base64\n'
         'Content-Disposition: attachment; filename="%s"\n' % (ctype, name, name))
    return part(h, b64lines(data))


# ------------------------------------------------------------- HTML bodies

LINK_RE = re.compile(r"(https?://[^\s<>\"]+)")


def _html_line(line, linkify=True):
    e = esc(line)
    if linkify:
        e = LINK_RE.sub(lambda m: '<a href="%s">%s</a>' % (m.group(1), m.group(1)), e)
    return e


def html_outlook(text, quote=None, safelinks=None):
    """Outlook (Word) HTML. quote: (header lines, quoted text) of an earlier
    mail, shown under a border like Outlook does. safelinks: {url: wrapped}."""
    def para(line):
        if not line.strip():
            return '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
        e = esc(line)
        for u in LINK_RE.findall(line):
            href = (safelinks or {}).get(u, u)
            e = e.replace(esc(u), '<a href="%s">%s</a>' % (esc(href), esc(u)))
        return '<p class="MsoNormal">%s<o:p></o:p></p>' % e
    s = ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-'
         'microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:'
         'office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/'
         'omml" xmlns="http://www.w3.org/TR/REC-html40">\n<head>\n'
         '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
         '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n'
         '<style><!--\n/* Style Definitions */\np.MsoNormal, li.MsoNormal, '
         'div.MsoNormal\n\t{margin:0cm;\n\tfont-size:11.0pt;\n\tfont-family:'
         '"Calibri",sans-serif;\n\tmso-fareast-language:EN-US;}\n'
         '@page WordSection1\n\t{size:612.0pt 792.0pt;\n\tmargin:70.85pt 70.85pt '
         '70.85pt 70.85pt;}\ndiv.WordSection1\n\t{page:WordSection1;}\n--></style>'
         '\n</head>\n<body lang="NL" link="#0563C1" vlink="#954F72" '
         'style="word-wrap:break-word">\n<div class="WordSection1">\n')
    s += "\n".join(para(l) for l in text.split("\n")) + "\n"
    if quote:
        hdr, qtext = quote
        s += ('<div>\n<div style="border:none;border-top:solid #E1E1E1 1.0pt;'
              'padding:3.0pt 0cm 0cm 0cm">\n<p class="MsoNormal">')
        s += "<br>\n".join("<b>%s</b> %s" % (esc(k), esc(v)) for k, v in hdr)
        s += "<o:p></o:p></p>\n</div>\n</div>\n"
        s += "\n".join(para(l) for l in qtext.split("\n")) + "\n"
    s += "</div>\n</body>\n</html>\n"
    return s


def html_gmail(text, quote_attr=None, quoted=None):
    lines = text.split("\n")
    inner = "".join("<div>%s</div>" % (_html_line(l) or "<br>") for l in lines)
    s = '<div dir="ltr">%s</div>' % inner
    if quote_attr:
        q = "<br>".join(_html_line(l) for l in quoted.split("\n"))
        s += ('<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
              '%s<br></div><blockquote class="gmail_quote" style="margin:0px 0px'
              ' 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:'
              '1ex">%s</blockquote></div>' % (esc(quote_attr), q))
    return s + "\n"


def html_apple(text):
    body = "".join("<div>%s</div>" % (_html_line(l) or "<br>")
                   for l in text.split("\n"))
    return ('<html><head><meta http-equiv="content-type" content="text/html; '
            'charset=utf-8"></head><body style="overflow-wrap: break-word; '
            '-webkit-nbsp-mode: space; line-break: after-white-space;">%s'
            '</body></html>' % body)


def quote_gt(text):
    return "\n".join(("> " + l) if l else ">" for l in text.split("\n"))


# ------------------------------------------------------------ the messages

MAILS = []      # (file name, raw str (latin-1 mapped), crlf, label)


def add(name, raw, label, crlf=False):
    assert re.match(r"^\d{3}-[a-z0-9-]+\.eml$", name), name
    MAILS.append((name, raw, crlf, label))


def L(cls, role, date, schools, note):
    assert cls in ("aanmelding", "documenten", "reflectie", "checklist",
                   "vraag", "automatisch", "onbekend"), cls
    assert role in ("boc", "auditor", "coordinator", "unknown"), role
    assert date is None or date in AUDIT_DATES, date
    if cls in ("automatisch", "onbekend"):
        assert date is None and not schools
    if role == "unknown":
        assert not schools
    return {"class": cls, "role": role, "date": date,
            "schools": sorted(schools), "note": note}


def addr(p):
    if p[0].isascii():
        return "%s <%s>" % p
    return "%s <%s>" % (ew_q(p[0], "UTF-8"), p[1])


def utc(d):
    """'Wed, 14 Sep 2022 10:23:41 +0200' -> the same moment in +0000, as
    Exchange writes Date:."""
    import email.utils
    import datetime
    t = email.utils.parsedate_to_datetime(d).astimezone(datetime.timezone.utc)
    return email.utils.format_datetime(t).replace("-0000", "+0000")


def received_ext(name, frm_host, date):
    """Return-Path/Received lines of our border MTA for an incoming mail."""
    return ("Received: from %s (%s [145.%d.%d.%d])\n"
            "\tby mx1.hsmarnix.nl (Postfix) with ESMTPS id 4N%s\n"
            "\tfor <%s>; %s\n" % (frm_host, frm_host, int(h8(name, 2), 16),
                                 int(h8(name + "b", 2), 16),
                                 int(h8(name + "c", 2), 16),
                                 h8(name, 9).upper(), US, date))


def exchange_headers(name, frm, to, subject, date, cc=None, irt=None,
                     refs=None, has_attach=False, topic=None, mid_host=None,
                     lang="nl-NL", extra=""):
    """The headers Exchange Online puts on a mail an Outlook user sent,
    as they arrive in our (also Exchange Online) mailbox."""
    dom = frm[1].split("@")[1]
    box = "AM%dPR0%dMB%04d" % (int(h8(dom, 1), 16) % 9 + 1,
                              int(h8(dom + "x", 1), 16) % 8 + 1,
                              int(h8(dom, 4), 16) % 10000)
    mid = "<%s%s@%s.eurprd0%d.prod.outlook.com>" % (
        box, h8(name, 16).upper(), box, int(h8(dom + "x", 1), 16) % 8 + 1)
    d = utc(date)
    s = ("Received: from %s.eurprd02.prod.outlook.com (2603:10a6:20b:%s::%d)\n"
         " by DB9PR02MB6700.eurprd02.prod.outlook.com with HTTPS; %s\n"
         % (box, h8(name, 3), int(h8(name, 2), 16), d))
    s += ("Authentication-Results: spf=pass (sender IP is 40.107.%d.%d)\n"
          " smtp.mailfrom=%s; dkim=pass (signature was verified)\n"
          " header.d=%s;dmarc=pass action=none header.from=%s;"
          "compauth=pass reason=100\n"
          % (int(h8(name, 2), 16) % 200, int(h8(name + "y", 2), 16) % 250,
             dom, dom, dom))
    s += "From: %s\n" % addr(frm)
    s += "To: %s\n" % to
    if cc:
        s += "CC: %s\n" % cc
    s += "Subject: %s\n" % subject
    s += "Thread-Topic: %s\n" % (topic or subject)
    s += "Thread-Index: %s==\n" % b64id(name + "ti", 30)
    s += "Date: %s\n" % d
    s += "Message-ID: %s\n" % mid
    if refs:
        s += "References: %s\n" % refs
    if irt:
        s += "In-Reply-To: %s\n" % irt
    s += "Accept-Language: nl-NL, en-US\n"
    s += "Content-Language: %s\n" % lang
    s += "X-MS-Has-Attach: %s\n" % ("yes" if has_attach else "")
    s += "X-MS-TNEF-Correlator:\n"
    s += "msip_labels:\n"
    s += "x-ms-publictraffictype: Email\n"
    s += "x-ms-traffictypediagnostic: %s:EE_|DB9PR02MB6700:EE_\n" % box
    s += "X-MS-Exchange-Organization-SCL: 1\n"
    s += "X-MS-Exchange-Organization-AuthSource: %s.eurprd02.prod.outlook.com\n" % box
    s += "X-MS-Exchange-Organization-AuthAs: Anonymous\n"
    s += "X-MS-Exchange-Organization-MessageDirectionality: Incoming\n"
    s += ("X-MS-Exchange-CrossTenant-originalarrivaltime: %s\n"
          % d[5:].replace(" +0000", ".%03d (UTC)" % (int(h8(name, 3), 16) % 1000)))
    s += "X-MS-Exchange-CrossTenant-fromentityheader: Hosted\n"
    s += "X-MS-Exchange-CrossTenant-id: %s-%s-%s-%s-%s\n" % (
        h8(dom, 8), h8(dom, 12)[8:], h8(dom, 16)[12:], h8(dom, 20)[16:],
        h8(dom + "t", 12))
    s += "X-MS-Exchange-Transport-CrossTenantHeadersStamped: DB9PR02MB6700\n"
    s += extra
    s += "MIME-Version: 1.0\n"
    return s


def outlook_body(name, text, html, atts=(), charset="iso-8859-1",
                 logo=False, has_plain=True):
    """Outlook's MIME tree: mixed > (related >) alternative > plain, html."""
    tag = h8(name, 26).upper()
    alt_b = "_000_%sprod_" % tag
    rel_b = "_004_%sprod_" % tag
    mix_b = "_005_%sprod_" % tag
    parts = []
    if has_plain:
        parts.append(text_part(text, charset, "quoted-printable", style="outlook"))
    parts.append(text_part(html, "utf-8", "quoted-printable", sub="html",
                           style="outlook"))
    tree = multipart('Content-Type: multipart/alternative;\n\tboundary="%s"'
                     % alt_b, alt_b, parts)
    if logo:
        img = part('Content-Type: image/png; name="image001.png"\n'
                   'Content-Description: image001.png\n'
                   'Content-Disposition: inline; filename="image001.png"; '
                   'size=%d;\n\tcreation-date="Fri, 02 Dec 2022 08:12:44 GMT";\n'
                   '\tmodification-date="Fri, 02 Dec 2022 08:12:44 GMT"\n'
                   'Content-ID: <image001.png@01D90622.1B2C3D40>\n'
                   'Content-Transfer-Encoding: base64\n' % len(PNG_LOGO),
                   b64lines(PNG_LOGO))
        tree = multipart('Content-Type: multipart/related;\n\tboundary="%s";\n'
                         '\ttype="multipart/alternative"' % rel_b, rel_b,
                         [tree, img])
    if atts:
        tree = multipart('Content-Type: multipart/mixed;\n\tboundary="%s"'
                         % mix_b, mix_b, [tree] + list(atts))
    return tree


def outlook_sig_brg():
    return ("Met vriendelijke groet,\n\nAnne de Vries\n"
            "Bestuurlijk opleidingscoördinator\nStichting Bergrivier\n"
            "Postbus 120 | 3990 DC Houten\nT 030 634 12 00 | M 06 41 27 88 19\n"
            "www.bergrivier.nl")


def outlook_quote_hdr(frm, date_nl, to, subject, cc=None, lang="nl"):
    keys = {"nl": ("Van:", "Verzonden:", "Aan:", "CC:", "Onderwerp:"),
            "sv": ("Från:", "Skickat:", "Till:", "Kopia:", "Ämne:"),
            "de": ("Von:", "Gesendet:", "An:", "Cc:", "Betreff:")}[lang]
    h = [(keys[0], frm), (keys[1], date_nl), (keys[2], to)]
    if cc:
        h.append((keys[3], cc))
    h.append((keys[4], subject))
    return h


def outlook_quote_plain(hdr, qtext):
    return ("\n".join("%s %s" % kv for kv in hdr) + "\n\n" + qtext)


# Texts of the mails the daemon sends (quoted in replies).

def bevestiging_text(boc, bestuur, datum, scholen, uiterlijk):
    s = ("Beste %s,\n\nDank je wel voor je aanmelding voor de "
         "hercertificering. Met deze mail\nbevestigen wij dat de volgende "
         "scholen van %s zijn\ningepland voor de vervolgaudit op %s:\n\n"
         % (boc, bestuur, datum))
    for naam, plaats, brin in scholen:
        s += "- %s, %s (BRIN %s)\n" % (naam, plaats, brin)
    s += ("\nWij ontvangen graag uiterlijk %s per school de drie\n"
          "documenten: het (beeld)document, het verslag van de bespreking in "
          "het\nteam en het pre-advies van de BOC en de instituutsopleider.\n\n"
          "Verandert er iets aan de aanmelding, of heb je vragen? Laat het ons\n"
          "gerust weten via partnerschap@hsmarnix.nl.\n\nMet vriendelijke "
          "groet,\n\nPartners in Opleiding en Ontwikkeling\n"
          "partnerschap@hsmarnix.nl" % uiterlijk)
    return s


MID_BEV_BRG = "<hercert.aanmelding-bevestigd.3f2a9c1e@hsmarnix.nl>"
MID_BEV_LEK = "<hercert.aanmelding-bevestigd.8b07d4f2@hsmarnix.nl>"
MID_ONTV_WW = "<hercert.documenten-ontvangen.5e91a0c7@hsmarnix.nl>"
MID_ONTV_KB = "<hercert.documenten-ontvangen.2b7d18e5@hsmarnix.nl>"
MID_BUNDEL_EH = "<hercert.bundel-auditor.7c41d2aa@hsmarnix.nl>"
MID_BUNDEL_MG = "<hercert.bundel-auditor.1d6e93b4@hsmarnix.nl>"
MID_BUNDEL_KP = "<hercert.bundel-auditor.90c3f5e2@hsmarnix.nl>"
MID_DEELN = "<hercert.deelnemers-documenten.a4c2e810@hsmarnix.nl>"
MID_REFL_KPH = "<DB9PR02MB67003B1C9E0F4A55D2E1@DB9PR02MB6700.eurprd02.prod.outlook.com>"
MID_DIGEST = "<hercert.digest.0c9e4a17@hsmarnix.nl>"

BEV_BRG_SUBJ = "Bevestiging aanmelding hercertificering 26 januari 2023"
BEV_BRG = bevestiging_text(
    "Anne de Vries", "Stichting Bergrivier", "donderdag 26 januari 2023",
    [("CBS De Wegwijzer", "Nieuwegein", "23JL"),
     ("Basisschool Het Kompas", "Vianen", "25KP")],
    "donderdag 5 januari 2023")
BEV_LEK = bevestiging_text(
    "Yasmina El Idrissi", "Stichting Lekstroom Onderwijs",
    "donderdag 26 januari 2023",
    [("CBS De Zonnebloem", "Lexmond", "53ZB"),
     ("CBS De Regenboog", "IJsselstein", "51RB")],
    "donderdag 5 januari 2023")


def flow(text, width=72):
    """format=flowed (RFC 3676) as Thunderbird and Roundcube write it: long
    lines are cut at a space, which stays at the end of the line."""
    out = []
    for line in text.split("\n"):
        quoted = line.startswith(">")
        while len(line) > width and not quoted:
            cut = line.rfind(" ", 0, width)
            if cut <= 0:
                break
            out.append(line[:cut + 1])
            line = line[cut + 1:]
        if line.startswith("From ") or line.startswith(" "):
            line = " " + line
        out.append(line)
    return "\n".join(out)


# --------------------------------------------------------- client wrappers

def html_owa(text, quote=None, charset="iso-8859-1"):
    def div(line):
        return ('<div style="font-family: Calibri, Arial, Helvetica, sans-serif;'
                ' font-size: 12pt; color: rgb(0, 0, 0);">%s</div>'
                % (_html_line(line) or "<br>"))
    s = ('<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; '
         'charset=%s">\n<style type="text/css" style="display:none;"> P '
         '{margin-top:0;margin-bottom:0;} </style>\n</head>\n<body dir="ltr">\n'
         % charset)
    s += "\n".join(div(l) for l in text.split("\n")) + "\n"
    if quote:
        hdr, qtext = quote
        s += ('<hr style="display:inline-block;width:98%" tabindex="-1">\n'
              '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-'
              'serif" style="font-size:11pt" color="#000000">')
        s += "<br>\n".join("<b>%s</b> %s" % (esc(k), esc(v)) for k, v in hdr)
        s += "</font>\n<div>&nbsp;</div>\n</div>\n<div>"
        s += "<br>\n".join(_html_line(l) for l in qtext.split("\n"))
        s += "</div>\n"
    return s + "</body>\n</html>\n"


def mail_outlook(name, frm, subject, date, text, label, atts=(), to=None,
                 cc=None, irt=None, refs=None, quote=None, charset="iso-8859-1",
                 logo=False, safelinks=None, subj_enc=None, topic=None,
                 owa=False, lang="nl-NL", extra="", quote_sep=None):
    """Outlook 365 desktop (Word HTML) or Outlook on the web (owa=True)."""
    plain = text
    if quote:
        plain += "\n\n" + (quote_sep + "\n" if quote_sep else "") + \
            outlook_quote_plain(*quote)
    if safelinks:
        for u, w in safelinks.items():
            plain = plain.replace(u, "%s<%s>" % (u, w))
    if owa:
        html = html_owa(text, quote, charset)
    else:
        html = html_outlook(text, quote, safelinks)
    body = outlook_body(name, plain, html, atts, charset, logo)
    hdr = "Return-Path: <%s>\n" % frm[1]
    hdr += exchange_headers(name, frm, to or "%s <%s>" % (US_NAME, US),
                            subj_enc or subject, date, cc=cc, irt=irt,
                            refs=refs, has_attach=bool(atts), lang=lang,
                            topic=topic, extra=extra)
    return hdr + body


def gmail_ids(name):
    mid = "<CA%s%s@mail.gmail.com>" % (
        b64id(name, 20).replace("/", "_").replace("+", "-"),
        b64id(name + "2", 28).replace("/", "_").replace("+", "-"))
    return mid, "000000000000" + h8(name + "b", 16), "000000000000" + h8(name + "m", 16)


def mail_gmail(name, frm, subject, date, text, label, atts=(), to=None,
               irt=None, refs=None, quote_attr=None, quoted=None,
               fwd_header=None):
    """Gmail (Google Workspace), web or Android app: multipart/alternative
    (plain, html), in multipart/mixed with attachments; quotes with '> '."""
    mid, alt_b, mix_b = gmail_ids(name)
    plain = text
    if quote_attr:
        plain += "\n\n" + quote_attr + "\n\n" + quote_gt(quoted)
    if fwd_header:
        plain += "\n\n" + fwd_header + "\n\n" + quoted
    html = html_gmail(text, quote_attr, quoted) if quote_attr else \
        html_gmail(text + ("\n\n" + fwd_header + "\n\n" + quoted
                           if fwd_header else ""))

    def tp(t, sub):
        if all(ord(c) < 128 for c in t) and max(len(l) for l in t.split("\n")) < 900:
            return part('Content-Type: text/%s; charset="UTF-8"' % sub, t)
        return part('Content-Type: text/%s; charset="UTF-8"\n'
                    'Content-Transfer-Encoding: quoted-printable' % sub, qp(t))
    tree = multipart('Content-Type: multipart/alternative; boundary="%s"'
                     % alt_b, alt_b, [tp(plain, "plain"), tp(html, "html")])
    if atts:
        tree = multipart('Content-Type: multipart/mixed; boundary="%s"'
                         % mix_b, mix_b, [tree] + list(atts))
    dom = frm[1].split("@")[1]
    s = "Return-Path: <%s>\n" % frm[1]
    s += received_ext(name, "mail-ej1-f%d.google.com" % (int(h8(name, 2), 16) % 70),
                      date)
    s += "X-Gm-Message-State: %s\n" % b64id(name + "gm", 44)
    s += "X-Google-Smtp-Source: AMrXdX%s\n" % b64id(name + "gs", 60)
    s += "X-Received: by 2002:a17:906:%s with SMTP id %s; %s\n" % (
        h8(name, 4), h8(name + "r", 12), date)
    s += "MIME-Version: 1.0\n"
    if refs:
        s += "References: %s\n" % refs
    if irt:
        s += "In-Reply-To: %s\n" % irt
    s += "From: %s\n" % addr(frm)
    s += "Date: %s\n" % date
    s += "Message-ID: %s\n" % mid
    s += "Subject: %s\n" % (subject if subject.isascii() else ew_b(subject))
    s += "To: %s\n" % (to or US)
    return s + tree


def mail_thunderbird(name, frm, subject, date, text, label, atts=(), to=None,
                     irt=None, refs=None, charset="UTF-8", cte="8bit",
                     flowed=True, subj_enc=None, user_agent=None):
    dom = frm[1].split("@")[1]
    mid = "<%s-%s-%s-%s-%s@%s>" % (h8(name, 8), h8(name, 12)[8:],
                                    h8(name, 16)[12:], h8(name, 20)[16:],
                                    h8(name + "t", 12), dom)
    ua = user_agent or ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:102.0) "
                        "Gecko/20100101\n Thunderbird/102.7.1")
    s = "Return-Path: <%s>\n" % frm[1]
    s += received_ext(name, "mail.%s" % dom, date)
    s += "Message-ID: %s\n" % mid
    s += "Date: %s\n" % date
    s += "MIME-Version: 1.0\n"
    s += "User-Agent: %s\n" % ua
    s += "Content-Language: nl\n"
    s += "To: %s\n" % (to or US)
    s += "From: %s\n" % addr(frm)
    if refs:
        s += "References: %s\n" % refs
    if irt:
        s += "In-Reply-To: %s\n" % irt
    s += "Subject: %s\n" % (subj_enc or subject)
    fl = "; format=flowed" if flowed else ""
    if flowed:
        text = flow(text)
    if not atts:
        return s + text_part(text, charset, cte, ct_extra=fl)
    b = "------------%s" % h8(name + "tb", 24)
    s += "Content-Type: multipart/mixed; boundary=\"%s\"\n\n" % b
    s += "This is a multi-part message in MIME format.\n"
    for p in [text_part(text, charset, cte, ct_extra=fl)] + list(atts):
        s += "--" + b + "\n" + p.rstrip("\n") + "\n\n"
    return s + "--" + b + "--\n"


def mail_roundcube(name, frm, subject, date, text, label, atts=(), to=None,
                   irt=None, refs=None, extra=""):
    dom = frm[1].split("@")[1]
    s = "Return-Path: <%s>\n" % frm[1]
    s += received_ext(name, "webmail.%s" % dom, date)
    s += "MIME-Version: 1.0\n"
    s += "Date: %s\n" % date
    s += "From: %s\n" % addr(frm)
    s += "To: %s\n" % (to or US)
    s += "Subject: %s\n" % (subject if subject.isascii() else ew_q(subject))
    if irt:
        s += "In-Reply-To: %s\n" % irt
    if refs:
        s += "References: %s\n" % refs
    s += "Message-ID: <%s@%s>\n" % (h8(name), dom)
    s += "X-Sender: %s\n" % frm[1]
    s += "User-Agent: Roundcube Webmail/1.6.1\n"
    s += extra
    text = flow(text)
    cs = "US-ASCII" if text.isascii() else "UTF-8"
    cte = "7bit" if text.isascii() else "8bit"
    tp = part("Content-Type: text/plain; charset=%s;\n format=flowed\n"
              "Content-Transfer-Encoding: %s" % (cs, cte),
              latin(text.encode("utf-8")))
    if not atts:
        return s + tp
    b = "=_%s" % h8(name + "rc", 32)
    s += 'Content-Type: multipart/mixed;\n boundary="%s"\n\n' % b
    for p in [tp] + list(atts):
        s += "--" + b + "\n" + p.rstrip("\n") + "\n\n"
    return s + "--" + b + "--\n"


def apple_ids(name, dom):
    u = h8(name, 32).upper()
    uuid = "%s-%s-%s-%s-%s" % (u[:8], u[8:12], u[12:16], u[16:20], u[20:32])
    return "<%s@%s>" % (uuid, dom), "Apple-Mail=_" + uuid


def mail_apple(name, frm, subject, date, text, label, atts=(), to=None,
               irt=None, refs=None, iphone=False, html=False, tail=None):
    """Apple Mail on macOS or Mail on iPhone. Attachments sit between text
    parts (multipart/mixed), as Apple writes them; tail is the text after
    the attachments ("Verstuurd vanaf mijn iPhone")."""
    dom = frm[1].split("@")[1]
    mid, b = apple_ids(name, dom)
    s = "Return-Path: <%s>\n" % frm[1]
    s += received_ext(name, "smtp.%s" % dom, date)
    if not atts and not html:
        s += ("Content-Type: text/plain;\n\tcharset=utf-8\n"
              "Content-Transfer-Encoding: quoted-printable\n")
    elif atts:
        s += 'Content-Type: multipart/mixed;\n\tboundary="%s"\n' % b
    else:
        s += 'Content-Type: multipart/alternative;\n\tboundary="%s"\n' % b
    s += "From: %s\n" % addr(frm)
    if iphone:
        s += "Mime-Version: 1.0 (1.0)\n"
    else:
        s += "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.300.101.1.3\\))\n"
    s += "Subject: %s\n" % (subject if subject.isascii() else ew_q(subject, "utf-8"))
    s += "Date: %s\n" % date
    if refs:
        s += "References: %s\n" % refs
    if irt:
        s += "In-Reply-To: %s\n" % irt
    s += "Message-Id: %s\n" % mid
    s += "To: %s\n" % (to or US)
    s += "X-Mailer: %s\n" % ("iPhone Mail (20C65)" if iphone
                             else "Apple Mail (2.3731.300.101.1.3)")
    if not atts and not html:
        return s + "\n" + qp(text)
    if not atts:
        ps = [text_part(text, style="apple"),
              text_part(html_apple(text), sub="html", style="apple")]
        return s + "\n" + "".join("\n--%s\n%s" % (b, p.rstrip("\n") + "\n")
                                  for p in ps) + "\n--%s--\n" % b
    ps = [text_part(text, style="apple")] + list(atts)
    if tail:
        ps.append(text_part(tail, style="apple"))
    return s + "\n" + "".join("\n--%s\n%s" % (b, p.rstrip("\n") + "\n")
                              for p in ps) + "\n--%s--\n" % b


SIG_BRG = outlook_sig_brg()
SIG_LEK = ("Met vriendelijke groet,\n\nYasmina El Idrissi\n"
           "Bestuurlijk opleidingscoördinator\nStichting Lekstroom Onderwijs\n"
           "Postbus 45, 4100 AA Culemborg | 0345 51 20 90")
SIG_KPH = ("Met vriendelijke groet,\n\nJeroen Bakker\n"
           "Bestuurlijk opleidingscoördinator\n"
           "Katholieke Scholenstichting Heuvelrug\n"
           "www.ksheuvelrug.nl | 0343 41 77 00")
SIG_WLD = ("Met vriendelijke groet,\n\nMarieke Hoekstra\n"
           "BOC Stichting Waterland\n06 22 81 45 07")
TO_US = "%s <%s>" % (US_NAME, US)


def docs(names, writer, *args):
    return [writer(n, doc_for(n), *args) for n in names]


def gdocs(name, names):
    return [att_gmail(n, doc_for(n), "f_l%s%d" % (h8(name + n, 8), i))
            for i, n in enumerate(names)]


# =============================================================== aanmelding

def aanmeldingen():
    n = "001-outlook-aanmelding-brg-1-november-2022.eml"
    t = ("Beste collega's,\n\nNamens Stichting Bergrivier meld ik graag twee "
         "scholen aan voor de hercertificering op dinsdag 1 november 2022:\n\n"
         "- OBS \u2019t Palet in IJsselstein\n- OBS De Ruimte in Lopik\n\n"
         "Beide scholen hebben de datum al in hun jaarplanning opgenomen. De "
         "documenten sturen we, zoals in de procedure staat, uiterlijk drie "
         "weken voor de audit.\n\n" + SIG_BRG)
    add(n, mail_outlook(n, BRG, "Aanmelding hercertificering dinsdag 1 november 2022",
                        "Wed, 14 Sep 2022 10:23:41 +0200", t, None,
                        charset="windows-1252", logo=True),
        L("aanmelding", "boc", "2022-11-01", ["24PT", "27RM"],
          "Outlook 365 desktop, HTML+plain Windows-1252 QP, signature logo as "
          "inline related image (not a document); curly apostrophe in "
          "\u2019t Palet; 'dinsdag 1 november 2022'"), crlf=True)

    n = "002-gmail-aanmelding-kph-1-november.eml"
    t = ("Beste collega's van het partnerschap,\n\nHierbij meld ik namens "
         "Katholieke Scholenstichting Heuvelrug RKBS Sint Maarten (Doorn) en "
         "RKBS Sint Bernardus (Driebergen-Rijsenburg) aan voor de "
         "hercertificering op 1 november.\n\nDe directeuren en schoolopleiders "
         "weten ervan.\n\n" + SIG_KPH)
    add(n, mail_gmail(n, KPH, "Aanmelding hercertificering 1 november \u2013 "
                      "Sint Maarten en Sint Bernardus",
                      "Thu, 22 Sep 2022 09:14:03 +0200", t, None),
        L("aanmelding", "boc", "2022-11-01", ["43BN", "44MT"],
          "Gmail (Workspace) alternative plain/html QP; subject as RFC 2047 B "
          "(en dash); date without year '1 november'"))

    n = "003-thunderbird-aanmelding-wld-26-01-2023.eml"
    t = ("Beste partnerschap,\n\nHierbij meld ik voor de hercertificering van "
         "26-01-2023 de volgende twee scholen van Stichting Waterland aan:\n\n"
         "CBS De Morgenster (Maarssen)\nPCBS Rehoboth (Woerden)\n\n"
         "Graag ontvang ik een bevestiging.\n\n" + SIG_WLD)
    add(n, mail_thunderbird(n, WLD, "Aanmelding hercertificering 26-01-2023",
                            "Tue, 8 Nov 2022 11:42:09 +0100", t, None),
        L("aanmelding", "boc", "2023-01-26", ["31MG", "32RH"],
          "Thunderbird 102, text/plain UTF-8 8bit format=flowed; '26-01-2023'"))

    n = "004-iphone-aanmelding-brg-26-1-23.eml"
    t = ("Hoi,\n\nHierbij meld ik CBS De Wegwijzer en Het Kompas aan voor de "
         "audit van 26/1/23.\n\nGroet,\nAnne\n\nVerstuurd vanaf mijn iPhone")
    add(n, mail_apple(n, BRG, "Aanmelding", "Fri, 25 Nov 2022 17:03:22 +0100",
                      t, None, iphone=True),
        L("aanmelding", "boc", "2023-01-26", ["23JL", "25KP"],
          "iPhone Mail, text/plain QP, subject only 'Aanmelding'; '26/1/23'; "
          "'Het Kompas' without 'Basisschool'"))

    n = "005-apple-mail-aanmelding-lek-do-26-jan.eml"
    t = ("Beste co\u00f6rdinator,\n\nVoor do 26 jan meld ik namens Lekstroom "
         "twee scholen aan voor de hercertificering: CBS De Zonnebloem "
         "(Lexmond) en CBS De Regenboog (IJsselstein).\n\n" + SIG_LEK)
    add(n, mail_apple(n, LEK, "Aanmelding do 26 jan \u2013 De Zonnebloem en "
                      "De Regenboog", "Mon, 21 Nov 2022 20:41:17 +0100", t,
                      None, html=True),
        L("aanmelding", "boc", "2023-01-26", ["51RB", "53ZB"],
          "Apple Mail, alternative plain/html, subject RFC 2047 Q UTF-8; "
          "'do 26 jan'; 'De Regenboog' from the LEK BOC is LEK's 51RB, not "
          "BRG's 21HK; 'De Zonnebloem' must not also give 'De Zon' (52ZN)"))

    n = "006-roundcube-aanmelding-wld-26-jan-punt.eml"
    t = ("Goedemiddag,\n\nGraag meld ik voor 26 jan. de volgende scholen aan "
         "voor de hercertificering:\n- OBS De Klimboom, Breukelen\n"
         "- CBS Eben-Ha\u00ebzer, Kamerik\n\nHet certificaat van De Klimboom "
         "is eigenlijk al verlopen, dus graag zo snel mogelijk.\n\n"
         "Met vriendelijke groet,\nMarieke Hoekstra\nStichting Waterland")
    add(n, mail_roundcube(n, WLD2, "Aanmelding scholen hercertificering",
                          "Mon, 28 Nov 2022 15:06:44 +0100", t, None),
        L("aanmelding", "boc", "2023-01-26", ["34KB", "35EH"],
          "Roundcube, 8bit UTF-8 format=flowed; the BOC's second address in "
          "besturen.csv; '26 jan.'"))

    n = "007-owa-aanmelding-brg-iso-datum.eml"
    t = ("Beste collega's,\n\nIn aanvulling op mijn aanmelding van vorige week "
         "meld ik ook OBS De Regenboog Houten en OBS De Ruimte aan voor "
         "2023-01-26. Bergrivier doet dan met vier scholen mee.\n\n" + SIG_BRG)
    add(n, mail_outlook(n, BRG, "Aanmelding hercertificering 2023-01-26 "
                        "(aanvulling)", "Thu, 1 Dec 2022 11:20:05 +0100", t,
                        None, owa=True),
        L("aanmelding", "boc", "2023-01-26", ["21HK", "27RM"],
          "Outlook on the web; ISO date '2023-01-26'; trailing place name "
          "'De Regenboog Houten'"), crlf=True)

    n = "008-iphone-aanmelding-lek-28-mrt-typo.eml"
    t = ("Beste allen,\n\nVoor 28 mrt meld ik OBS De Zon en CBS De Zonnebleom "
         "aan.\n\nGroet, Yasmina\n\nVerstuurd vanaf mijn iPhone")
    add(n, mail_apple(n, LEK, "Aanmelding 28 mrt", "Sun, 12 Feb 2023 21:07:40 +0100",
                      t, None, iphone=True),
        L("aanmelding", "boc", "2023-03-28", ["52ZN", "53ZB"],
          "iPhone; '28 mrt'; typo 'Zonnebleom' (two letters swapped) for De "
          "Zonnebloem; 'De Zon' next to it"))

    n = "009-thunderbird-aanmelding-wld-22-juni-typo.eml"
    t = ("Beste partnerschap,\n\nVoor de laatste auditdag van dit schooljaar, "
         "22 juni, meld ik CBS De Morgenstre en OBS De Klimboom aan. De "
         "Klimboom had zich in december afgemeld en kan nu wel.\n\n" + SIG_WLD)
    add(n, mail_thunderbird(n, WLD, "Aanmelding hercertificering 22 juni",
                            "Tue, 18 Apr 2023 10:05:31 +0200", t, None),
        L("aanmelding", "boc", "2023-06-22", ["31MG", "34KB"],
          "Thunderbird; '22 juni' without year; typo 'Morgenstre' (two "
          "letters swapped), after a format=flowed soft line break ('CBS De "
          "\\nMorgenstre')"))

    n = "010-outlook-aanmelding-lek-donderdag-26-1-dubbelzinnig.eml"
    t = ("Goedemorgen,\n\nNaast onze eerdere aanmelding willen we ook De "
         "Fontein en De Zon aanmelden voor donderdag 26-1, zodat Lekstroom met "
         "vier scholen meedoet.\n\n" + SIG_LEK)
    add(n, mail_outlook(n, LEK, "Aanmelding twee scholen hercertificering "
                        "donderdag 26-1", "Mon, 5 Dec 2022 09:12:00 +0100", t,
                        None),
        L("aanmelding", "boc", "2023-01-26", ["52ZN"],
          "rejection case: 'De Fontein' fits two LEK schools (54FT Hagestein, "
          "55FN Schoonhoven) equally, so it is ambiguous and not listed; "
          "'donderdag 26-1' (no year)"), crlf=True)

    n = "011-gmail-registration-kph-english.eml"
    t = ("Dear colleagues,\n\nPlease find below the registration of two "
         "schools of Katholieke Scholenstichting Heuvelrug for the "
         "recertification audit on Thursday 26 January 2023:\n\n"
         "1. RKBS Sint-Jozef, Zeist\n2. RKBS Sint Bernardus, "
         "Driebergen-Rijsenburg\n\nI am writing in English so that our new "
         "policy advisor, who is in CC, can follow the procedure.\n\n"
         "Kind regards,\n\nJeroen Bakker\nBestuurlijk opleidingsco\u00f6rdinator"
         "\nKatholieke Scholenstichting Heuvelrug")
    raw = mail_gmail(n, KPH, "Registration recertification audit 26 January 2023",
                     "Wed, 16 Nov 2022 14:22:51 +0100", t, None)
    raw = raw.replace("To: %s\n" % US, "To: %s\nCc: Olivia Grant "
                      "<o.grant@ksheuvelrug.nl>\n" % US)
    add(n, raw, L("aanmelding", "boc", "2023-01-26", ["41SJ", "43BN"],
                  "registration in English; 'Thursday 26 January 2023' "
                  "(English month name)"))

    n = "012-outlook-aanmelding-brg-vier-scholen-typo.eml"
    t = ("Beste collega's,\n\nVoor de audit van 28 maart 2023 meldt Stichting "
         "Bergrivier vier scholen aan, zodat we twee gesprekstafels kunnen "
         "vullen:\n\n1. OBS De Regenboog\n2. CBS De Wegwijzr\n3. OBS \u2019t "
         "Palet\n4. OBS De Ruimte\n\n" + SIG_BRG)
    add(n, mail_outlook(n, BRG, "Aanmelding vier scholen hercertificering 28 "
                        "maart 2023", "Mon, 16 Jan 2023 13:48:10 +0100", t, None,
                        charset="windows-1252"),
        L("aanmelding", "boc", "2023-03-28", ["21HK", "23JL", "24PT", "27RM"],
          "four schools in one registration; '28 maart 2023'; typo "
          "'Wegwijzr' (one letter missing)"), crlf=True)

    n = "013-outlook-mac-fw-aanmelding-directeur-brg.eml"
    t = ("Hoi,\n\nHieronder het verzoek van Gerda Vos. Hierbij meld ik Het "
         "Kompas en De Ruimte aan voor 22 juni; De Ruimte had ik al met "
         "jullie besproken.\n\nGroet,\nAnne")
    q = ("Hoi Anne,\n\nWij willen graag met Het Kompas meedoen aan de "
         "hercertificering in juni.\nHet team heeft het schooldocument bijna "
         "af. Kun jij ons aanmelden?\n\nGroet,\nGerda Vos\ndirecteur "
         "Basisschool Het Kompas")
    qh = [("Van:", "Gerda Vos <g.vos@bergrivier.nl>"),
          ("Datum:", "maandag, 6 maart 2023 om 09:14"),
          ("Aan:", "Anne de Vries <a.devries@bergrivier.nl>"),
          ("Onderwerp:", "Aanmelding hercertificering Het Kompas")]
    add(n, mail_outlook(n, BRG, "FW: Aanmelding hercertificering Het Kompas",
                        "Mon, 6 Mar 2023 11:02:45 +0100", t, None,
                        quote=(qh, q), topic="Aanmelding hercertificering Het "
                        "Kompas", charset="utf-8",
                        extra="User-Agent: Microsoft-MacOutlook/16.70.23021201\n",
                        quote_sep=""),
        L("aanmelding", "boc", "2023-06-22", ["25KP", "27RM"],
          "Outlook for Mac; the BOC forwards a director's request ('FW:') and "
          "registers in her own words; '22 juni'"), crlf=True)

    n = "014-gmail-android-fwd-aanmelding-kph-28-3.eml"
    t = ("Zie hieronder. Graag Sint Maarten en Sint Bernardus aanmelden voor "
         "28 maart.\n\nJeroen")
    q = ("Hallo Jeroen,\n\nSint Maarten en Sint Bernardus willen graag op 28-3 "
         "meedoen. Tom Evers is\nakkoord.\n\nGroet,\nRia Dijkman\ndirecteur "
         "RKBS Sint Maarten")
    fh = ("---------- Doorgestuurd bericht ---------\nVan: Ria Dijkman "
          "<r.dijkman@ksheuvelrug.nl>\nDate: ma 6 feb. 2023 om 16:31\n"
          "Subject: aanmelding hercertificering\nTo: Jeroen Bakker "
          "<j.bakker@ksheuvelrug.nl>")
    add(n, mail_gmail(n, KPH, "Fwd: aanmelding hercertificering",
                      "Tue, 7 Feb 2023 07:58:12 +0100", t, None,
                      fwd_header=fh, quoted=q),
        L("aanmelding", "boc", "2023-03-28", ["43BN", "44MT"],
          "Gmail Android app forward ('Fwd:', Dutch 'Doorgestuurd bericht' "
          "block); '28 maart' and '28-3'; the forwarded header date 'ma 6 "
          "feb. 2023' is no audit date"))

    n = "015-thunderbird-aanmelding-wld-geen-auditdatum.eml"
    t = ("Beste partnerschap,\n\nHierbij meld ik OBS De Klimboom en CBS "
         "Eben-Ha\u00ebzer aan voor de hercertificering op donderdag 2 "
         "februari 2023.\n\n" + SIG_WLD)
    add(n, mail_thunderbird(n, WLD, "Aanmelding hercertificering 2 februari 2023",
                            "Thu, 10 Nov 2022 16:20:00 +0100", t, None),
        L("aanmelding", "boc", None, ["34KB", "35EH"],
          "rejection case: '2 februari 2023' is no audit date, so date is "
          "null"))

    n = "016-outlook-aanmelding-brg-drie-scholen.eml"
    t = ("Beste collega's,\n\nVoor 22 juni meld ik graag drie scholen aan: "
         "OBS De Regenboog, CBS De Wegwijzer en OBS \u2019t Palet. Ik hoor "
         "graag of dat past.\n\n" + SIG_BRG)
    raw = mail_outlook(n, BRG, "Aanmelding hercertificering 22 juni",
                       "Wed, 8 Mar 2023 10:15:00 +0100", t, None,
                       charset="windows-1252")
    raw = raw.replace("From: Anne de Vries <a.devries@bergrivier.nl>",
                      "From: Anne de Vries <A.deVries@Bergrivier.nl>")
    add(n, raw, L("aanmelding", "boc", "2023-06-22", ["21HK", "23JL", "24PT"],
                  "rejection case: three schools (the label lists all three); "
                  "From in mixed case 'A.deVries@Bergrivier.nl' is still the "
                  "BOC"), crlf=True)

    n = "017-owa-aanmelding-brg-school-ander-bestuur.eml"
    t = ("Beste collega's,\n\nHierbij meld ik OBS De Regenboog en RKBS "
         "Sint-Jozef aan voor de hercertificering op 26 januari 2023.\n\n"
         + SIG_BRG)
    add(n, mail_outlook(n, BRG, "Aanmelding hercertificering 26 januari 2023",
                        "Wed, 23 Nov 2022 15:40:18 +0100", t, None, owa=True),
        L("aanmelding", "boc", "2023-01-26", ["21HK"],
          "rejection case: RKBS Sint-Jozef belongs to KPH, not to the "
          "sender's board, so only 21HK is listed; '26 januari 2023'"),
        crlf=True)

    n = "018-outlook-aanmelding-brg-voorkeur-andere-school.eml"
    t = ("Beste collega's,\n\nHierbij meld ik CBS De Wegwijzer en Basisschool "
         "Het Kompas aan voor de hercertificering van 28-03-2023. Als het "
         "kan, zitten we graag aan tafel met CBS De Morgenster van Stichting "
         "Waterland; die school kennen we van de netwerkdag.\n\n" + SIG_BRG)
    add(n, mail_outlook(n, BRG, "Aanmelding hercertificering 28-03-2023",
                        "Thu, 2 Feb 2023 09:31:52 +0100", t, None),
        L("aanmelding", "boc", "2023-03-28", ["23JL", "25KP"],
          "a school of another board (CBS De Morgenster, WLD) is mentioned "
          "as preferred partner: not listed for a BOC; '28-03-2023'"),
        crlf=True)

    n = "019-gmail-aanmelding-kph-zonder-datum.eml"
    t = ("Beste partnerschap,\n\nGraag meld ik RKBS Sint-Jozef en RKBS Sint "
         "Maarten aan voor de eerstvolgende auditdatum waarop nog plaats is. "
         "Laat maar weten welke datum het wordt.\n\n" + SIG_KPH)
    add(n, mail_gmail(n, KPH, "Aanmelding hercertificering Sint-Jozef en Sint "
                      "Maarten", "Tue, 31 Jan 2023 10:02:40 +0100", t, None),
        L("aanmelding", "boc", None, ["41SJ", "44MT"],
          "rejection case: no date at all"))

    n = "020-gmail-aanmelding-onbekende-afzender-directeur.eml"
    t = ("Beste medewerker,\n\nNamens RKBS Sint Bernardus wil ik onze school "
         "aanmelden voor de hercertificering op 22 juni. Onze BOC is met "
         "vakantie, vandaar dat ik het zelf doe.\n\nMet vriendelijke groet,\n"
         "Tom Evers\nDirecteur RKBS Sint Bernardus")
    add(n, mail_gmail(n, ("Tom Evers", "t.evers@ksheuvelrug.nl"),
                      "Aanmelding hercertificering RKBS Sint Bernardus 22 juni",
                      "Mon, 13 Mar 2023 12:44:09 +0100", t, None),
        L("aanmelding", "unknown", "2023-06-22", [],
          "a director (in scholen.csv, but no BOC, auditor or coordinator) "
          "registers: class aanmelding, role unknown, no schools for an "
          "unknown sender, the date is still extracted"))


def quote_bev_brg():
    return (outlook_quote_hdr("Partnerschap Hercertificering <%s>" % US,
                              "vrijdag 25 november 2022 17:05",
                              "Anne de Vries <a.devries@bergrivier.nl>",
                              BEV_BRG_SUBJ), BEV_BRG)


ONTV_WW_SUBJ = "Ontvangen: documenten hercertificering CBS De Wegwijzer"
ONTV_WW = ("Beste Anne de Vries,\n\nDank je wel voor je mail \"Documenten "
           "hercertificering 26 januari 2023 -\nCBS De Wegwijzer\". Wij hebben "
           "de volgende bestanden ontvangen en bewaard:\n\n"
           "- Beelddocument CBS De Wegwijzer.pdf: schooldocument van CBS De "
           "Wegwijzer\n- Verslag teamgesprek CBS De Wegwijzer.docx: teamverslag "
           "van CBS De Wegwijzer\n- Pre-advies CBS De Wegwijzer.pdf: preadvies "
           "van CBS De Wegwijzer\n\nPer school verwachten wij drie documenten: "
           "het (beeld)document van de\nschool, het verslag van de bespreking in "
           "het team en het pre-advies van\nde BOC en de instituutsopleider.\n\n"
           "Met vriendelijke groet,\n\nPartners in Opleiding en Ontwikkeling\n"
           "partnerschap@hsmarnix.nl")


def bundel_text(auditor, school, plaats, datum, uiterlijk):
    return ("Beste %s,\n\nIn de bijlage vind je de documenten van %s (%s) "
            "voor de audit van\n%s, met het format checklist audit "
            "hercertificering. Wil je de\ningevulde checklist uiterlijk %s "
            "terugsturen door op deze mail te\nantwoorden?\n\nMet vriendelijke "
            "groet,\n\nPartners in Opleiding en Ontwikkeling\n"
            "partnerschap@hsmarnix.nl" % (auditor, school, plaats, datum,
                                          uiterlijk))


# =============================================================== documenten

def documenten():
    n = "021-outlook-documenten-brg-wegwijzer.eml"
    names = ["Beelddocument CBS De Wegwijzer.pdf",
             "Verslag teamgesprek CBS De Wegwijzer.docx",
             "Pre-advies CBS De Wegwijzer.pdf"]
    t = ("Beste collega's,\n\nHierbij de drie documenten van CBS De Wegwijzer "
         "voor de audit van 26 januari, ruim voor de deadline van 5 januari:\n\n"
         "- het beelddocument\n- het verslag van het teamgesprek (gehouden op "
         "12-12-2022)\n- het pre-advies van Ingrid Bosman en mij\n\n" + SIG_BRG)
    add(n, mail_outlook(n, BRG, "Documenten hercertificering 26 januari 2023 - "
                        "CBS De Wegwijzer", "Mon, 2 Jan 2023 10:41:22 +0100", t,
                        None, atts=docs(names, att_outlook)),
        L("documenten", "boc", "2023-01-26", ["23JL"],
          "Outlook, three attachments of one school; other dates in the body "
          "('5 januari', '12-12-2022') are no audit dates"), crlf=True)

    n = "022-outlook-re-bevestiging-met-documenten-kompas.eml"
    names = ["Schooldocument Het Kompas.pdf", "Teamverslag Het Kompas.docx",
             "Preadvies Het Kompas.docx"]
    t = ("Hallo,\n\nHierbij alvast de documenten van Het Kompas. Die van CBS De "
         "Wegwijzer volgen na de kerstvakantie.\n\nGroet,\nAnne")
    add(n, mail_outlook(n, BRG, "RE: " + BEV_BRG_SUBJ,
                        "Fri, 30 Dec 2022 11:05:37 +0100", t, None,
                        atts=docs(names, att_outlook), irt=MID_BEV_BRG,
                        refs=MID_BEV_BRG, quote=quote_bev_brg(),
                        topic=BEV_BRG_SUBJ, charset="utf-8"),
        L("documenten", "boc", "2023-01-26", ["23JL", "25KP"],
          "a reply to our confirmation ('RE: Bevestiging aanmelding ...', "
          "In-Reply-To <hercert.aanmelding-bevestigd...>) that carries the "
          "documents is documenten, not vraag; the quoted confirmation names "
          "both schools"), crlf=True)

    n = "023-thunderbird-documenten-wld-zips-per-school.eml"
    pm = zipped([("Schooldocument.pdf", pdf("Schooldocument CBS De Morgenster")),
                 ("Verslag teamgesprek.docx", docx("Verslag teamgesprek")),
                 ("Pre-advies.pdf", pdf("Pre-advies CBS De Morgenster"))])
    pr = zipped([("Schooldocument Rehoboth.pdf", pdf("Schooldocument Rehoboth")),
                 ("Teamverslag Rehoboth.docx", docx("Teamverslag Rehoboth")),
                 ("Preadvies Rehoboth.pdf", pdf("Preadvies Rehoboth"))])
    t = ("Beste partnerschap,\n\nIn de bijlage twee zipbestanden met per school "
         "het schooldocument, het verslag van het teamgesprek en het "
         "pre-advies, voor de audit van 28 maart.\n\n" + SIG_WLD)
    add(n, mail_thunderbird(n, WLD, "Documenten hercertificering 28 maart",
                            "Mon, 6 Mar 2023 16:12:09 +0100", t, None,
                            atts=[att_thunderbird("CBS De Morgenster.zip", pm,
                                                  ctype="application/zip"),
                                  att_thunderbird("PCBS Rehoboth.zip", pr,
                                                  ctype="application/zip")]),
        L("documenten", "boc", "2023-03-28", ["31MG", "32RH"],
          "one zip per school, the school only in the zip's name; '28 "
          "maart' split by a format=flowed soft line break ('28 \\nmaart')"))

    n = "024-apple-mail-vimeo-beelddocument-zonnebloem.eml"
    t = ("Beste collega's,\n\nHet beelddocument van CBS De Zonnebloem is een "
         "filmpje van vier minuten.\nJullie kunnen het hier bekijken:\n\n"
         "https://vimeo.com/783412265/9f3c2a1b7d\n\nHet verslag van het "
         "teamgesprek en het pre-advies stuur ik volgende week; dat is nog "
         "ruim op tijd voor de audit van 26 januari.\n\n" + SIG_LEK)
    add(n, mail_apple(n, LEK, "Beelddocument De Zonnebloem (hercertificering)",
                      "Fri, 30 Dec 2022 14:10:55 +0100", t, None, html=True),
        L("documenten", "boc", "2023-01-26", ["53ZB"],
          "Apple Mail, no attachment: the beelddocument is a Vimeo link"))

    n = "025-gmail-youtube-en-bijlagen-sint-jozef.eml"
    names = ["Pre-advies_RKBS_Sint-Jozef.pdf",
             "Verslag_teamgesprek_RKBS_Sint-Jozef.docx"]
    t = ("Beste allen,\n\nHierbij de documenten van RKBS Sint-Jozef voor de "
         "audit van donderdag 26 januari. Het beelddocument staat als "
         "niet-openbare video op YouTube:\n\nhttps://youtu.be/Qm3xV8rT2kA\n\n"
         "Het pre-advies en het verslag van het teamgesprek zitten in de "
         "bijlage.\n\n" + SIG_KPH)
    add(n, mail_gmail(n, KPH, "Documenten RKBS Sint-Jozef",
                      "Tue, 3 Jan 2023 09:47:31 +0100", t, None,
                      atts=gdocs(n, names)),
        L("documenten", "boc", "2023-01-26", ["41SJ"],
          "Gmail: YouTube link plus two attachments with underscores in "
          "their names; 'donderdag 26 januari' (weekday, no year)"))

    n = "026-outlook-onedrive-safelinks-t-palet.eml"
    names = ["Verslag teamgesprek OBS 't Palet.docx", "Pre-advies OBS 't Palet.pdf"]
    u = "https://1drv.ms/v/s!AkX3b9Qz7pLmgQ3vT8yHn2cWq1Ex?e=Yt5aBc"
    w = ("https://eur02.safelinks.protection.outlook.com/?url=%s&data=05%%7C01"
         "%%7Cpartnerschap%%40hsmarnix.nl%%7C%s%%7C0%%7C0%%7C638004%s&sdata=%s"
         "&reserved=0" % (urllib.parse.quote(u, safe=""), h8(n, 32), h8(n + "d", 12),
                          urllib.parse.quote(b64id(n + "s", 43) + "=", safe="")))
    t = ("Beste collega's,\n\nHet beelddocument van OBS \u2019t Palet is een "
         "video. Die staat op OneDrive:\n" + u + "\n\nIn de bijlage het verslag "
         "van het teamgesprek en het pre-advies, voor de audit van 1 november."
         "\n\n" + SIG_BRG)
    add(n, mail_outlook(n, BRG, "Documenten OBS 't Palet",
                        "Tue, 4 Oct 2022 16:02:11 +0200", t, None,
                        atts=docs(names, att_outlook), charset="windows-1252",
                        safelinks={u: w}),
        L("documenten", "boc", "2022-11-01", ["24PT"],
          "OneDrive link rewritten by Defender Safe Links (plain and html), "
          "plus two attachments; apostrophe in the file names"), crlf=True)

    n = "027-roundcube-wetransfer-klimboom.eml"
    names = ["Pre-advies OBS De Klimboom.pdf", "Teamverslag De Klimboom.docx"]
    t = ("Goedemiddag,\n\nHet beelddocument van OBS De Klimboom is te groot om "
         "te mailen; ik heb het via WeTransfer gestuurd:\n"
         "https://we.tl/t-8KqZp3LmVx\n\nDe link is een week geldig. Het "
         "pre-advies en het teamverslag zitten in de bijlage. Dit is voor de "
         "audit van dinsdag 1 november.\n\nMet vriendelijke groet,\n"
         "Marieke Hoekstra")
    add(n, mail_roundcube(n, WLD, "Documenten hercertificering De Klimboom",
                          "Wed, 5 Oct 2022 15:33:02 +0200", t, None,
                          atts=docs(names, att_roundcube)),
        L("documenten", "boc", "2022-11-01", ["34KB"],
          "Roundcube: WeTransfer short link plus attachments"))

    n = "028-samsung-html-sharepoint-regenboog-lek.eml"
    link = ("https://lekstroom.sharepoint.com/:f:/s/Hercertificering/"
            "EsK2xT9bQ1lFh3dZ0pWv7YkBr4nQ?e=Hd81Lm")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
            'charset=UTF-8"></head><body dir="auto"><div dir="auto">'
            'Goedemiddag,</div><div dir="auto"><br></div><div dir="auto">'
            'Hierbij de link naar de map met de documenten van CBS De Regenboog '
            'voor 26 januari (beelddocument, teamverslag en pre-advies):</div>'
            '<div dir="auto"><a href="%s">%s</a></div><div dir="auto"><br>'
            '</div><div dir="auto">Groet, Yasmina</div><div dir="auto"><br>'
            '</div><div dir="auto"><br></div><div id="composer_signature" '
            'dir="auto"><div style="font-size:85%%;color:#575757" dir="auto">'
            'Verzonden vanaf mijn Samsung Galaxy-smartphone.</div></div>'
            '</body></html>' % (link, link))
    b = "--_com.samsung.android.email_1672834951230480"
    raw = ("Return-Path: <%s>\n" % LEK[1] + received_ext(n, "smtp.lekstroom.nl",
                                                           "Wed, 4 Jan 2023 13:22:31 +0100")
           + "MIME-Version: 1.0\nDate: Wed, 04 Jan 2023 13:22:31 +0100\n"
           "Subject: Documenten De Regenboog\nMessage-ID: <%s.samsung@lekstroom.nl>\n"
           "From: %s\nTo: %s\n"
           "Content-Type: multipart/mixed; boundary=\"%s\"\n\n"
           "--%s\nContent-Type: text/html; charset=utf-8\n"
           "Content-Transfer-Encoding: base64\n\n%s\n\n--%s--\n"
           % (h8(n, 20), addr(LEK), US, b, b, b64lines(html.encode()), b))
    add(n, raw, L("documenten", "boc", "2023-01-26", ["51RB"],
                  "Samsung Email, HTML-only body (base64), SharePoint folder "
                  "link; 'De Regenboog' from the LEK BOC is 51RB"))

    n = "029-outlook-doorst-documenten-zonnebloem.eml"
    names = ["Verslag teamgesprek CBS De Zonnebloem.docx",
             "Pre-advies CBS De Zonnebloem definitief.docx"]
    t = ("Ter aanvulling op mijn mail met het filmpje: hieronder de andere twee "
         "documenten, doorgestuurd van Iris.\n\nYasmina")
    q = ("Hoi Yasmina,\n\nIn de bijlage het verslag van het teamgesprek en het "
         "pre-advies. Kun jij ze doorsturen?\n\nGroet,\nIris")
    qh = outlook_quote_hdr("Iris Hoogendoorn <i.hoogendoorn@lekstroom.nl>",
                           "dinsdag 3 januari 2023 16:40",
                           "Yasmina El Idrissi <y.elidrissi@lekstroom.nl>",
                           "teamverslag en pre-advies")
    add(n, mail_outlook(n, LEK, "Doorst: teamverslag en pre-advies",
                        "Wed, 4 Jan 2023 08:15:40 +0100", t, None,
                        atts=docs(names, att_outlook), quote=(qh, q),
                        topic="teamverslag en pre-advies",
                        quote_sep="-----Oorspronkelijk bericht-----",
                        extra="X-Mailer: Microsoft Outlook 14.0\n"),
        L("documenten", "boc", None, ["53ZB"],
          "Outlook 2010 Dutch forward 'Doorst:' of a schoolopleider's mail; "
          "the school only in the attachment names; no date named"),
        crlf=True)

    n = "030-gmail-fwd-zip-sint-bernardus.eml"
    z = zipped([("RKBS Sint Bernardus/Schooldocument.pdf",
                 pdf("Schooldocument RKBS Sint Bernardus")),
                ("RKBS Sint Bernardus/Teamverslag.docx", docx("Teamverslag")),
                ("RKBS Sint Bernardus/Pre-advies.docx", docx("Pre-advies"))])
    t = ("Hierbij de documenten van Sint Bernardus voor 28 maart, doorgestuurd "
         "van onze schoolopleider.\n\nGroet,\nJeroen")
    fh = ("---------- Doorgestuurd bericht ---------\nVan: Eline Vermeulen "
          "<e.vermeulen@ksheuvelrug.nl>\nDate: vr 3 mrt. 2023 om 15:12\n"
          "Subject: Documenten Sint Bernardus\nTo: Jeroen Bakker "
          "<j.bakker@ksheuvelrug.nl>")
    q = ("Hoi Jeroen,\n\nHierbij de zip met ons schooldocument, het teamverslag "
         "en het pre-advies.\n\nGroetjes,\nEline")
    add(n, mail_gmail(n, KPH, "Fwd: Documenten Sint Bernardus",
                      "Mon, 6 Mar 2023 08:30:14 +0100", t, None,
                      atts=[att_gmail("RKBS Sint Bernardus.zip", z,
                                      "f_lev%s0" % h8(n, 7), "application/zip")],
                      fwd_header=fh, quoted=q),
        L("documenten", "boc", "2023-03-28", ["43BN"],
          "Gmail forward ('Fwd:') of the schoolopleider's mail with a zip "
          "holding a folder per school"))

    n = "031-outlook-documenten-typo-regenbog.eml"
    names = ["Schooldocument OBS De Regenbog.pdf",
             "Teamverslag OBS De Regenbog.docx", "Pre-advies OBS De Regenbog.docx"]
    t = ("Beste collega's,\n\nIn de bijlage de drie documenten van onze school "
         "voor de audit van 28 maart.\n\n" + SIG_BRG)
    add(n, mail_outlook(n, BRG, "Documenten audit 28 maart",
                        "Tue, 7 Mar 2023 09:05:48 +0100", t, None,
                        atts=docs(names, att_outlook)),
        L("documenten", "boc", "2023-03-28", ["21HK"],
          "the school is only in the file names, with a typo: 'Regenbog' "
          "(one letter missing)"), crlf=True)

    n = "032-gmail-documenten-onbekende-afzender.eml"
    t = ("Beste,\n\nJeroen vroeg mij om ons beelddocument rechtstreeks naar "
         "jullie te sturen. Zie de bijlage.\n\nGroetjes,\nLo\u00efs Hermans\n"
         "Schoolopleider RKBS Sint-Jozef")
    add(n, mail_gmail(n, ("Lo\u00efs Hermans", "l.hermans@ksheuvelrug.nl"),
                      "Beelddocument", "Mon, 9 Jan 2023 15:18:27 +0100", t, None,
                      atts=gdocs(n, ["Beelddocument RKBS Sint-Jozef.pdf"])),
        L("documenten", "unknown", None, [],
          "a schoolopleider (not BOC, auditor or coordinator) sends a "
          "document: documenten from an unknown sender, so no schools"))

    n = "033-thunderbird-latin1-documenten-eben-haezer.eml"
    names = ["Schooldocument Eben-Ha\u00ebzer.pdf",
             "Teamverslag Eben-Ha\u00ebzer.docx",
             "Pr\u00e9-advies Eben-Ha\u00ebzer.pdf"]
    t = ("Beste partnerschap,\n\nHierbij de documenten voor de audit van "
         "dinsdag 1 november:\n\nCBS Eben-Ha\u00ebzer: schooldocument, "
         "teamverslag en pr\u00e9-advies\nOBS De Klimboom: volgt morgen via "
         "WeTransfer\n\n" + SIG_WLD)
    add(n, mail_thunderbird(n, WLD, "Documenten Eben-Ha\u00ebzer en De Klimboom",
                            "Tue, 4 Oct 2022 21:12:40 +0200", t, None,
                            atts=docs(names, att_thunderbird, "ISO-8859-1"),
                            charset="ISO-8859-1",
                            subj_enc=ew_q("Documenten Eben-Ha\u00ebzer en De "
                                          "Klimboom", "ISO-8859-1"),
                            user_agent="Mozilla/5.0 (Windows NT 6.1; rv:52.0) "
                            "Gecko/20100101\n Thunderbird/52.9.1"),
        L("documenten", "boc", "2022-11-01", ["34KB", "35EH"],
          "old Thunderbird in ISO-8859-1: 8bit Latin-1 body, subject Q "
          "ISO-8859-1, names RFC 2231 ISO-8859-1; both schools named"))


# ================================================================ reflectie

def reflecties():
    n = "034-outlook-reflectie-kompas-wegwijzer.eml"
    names = ["Format reflectie audit hercertificering Het Kompas.docx",
             "Format reflectie audit hercertificering CBS De Wegwijzer.docx"]
    t = ("Beste collega's,\n\nIn de bijlage de ingevulde formats reflectie van "
         "Het Kompas en CBS De Wegwijzer (audit 26 januari). Het was een mooie "
         "audit; beide teams hebben er veel aan gehad.\n\n" + SIG_BRG)
    add(n, mail_outlook(n, BRG, "Reflectie audit hercertificering",
                        "Tue, 31 Jan 2023 15:30:06 +0100", t, None,
                        atts=docs(names, att_outlook)),
        L("reflectie", "boc", "2023-01-26", ["23JL", "25KP"],
          "two reflection forms in one Outlook mail"), crlf=True)

    n = "035-gmail-re-reflectie-sint-jozef-bernardus.eml"
    names = ["Reflectie audit hercertificering Sint-Jozef.docx",
             "Reflectie audit hercertificering Sint Bernardus.docx"]
    subj = "Reflectie audit hercertificering 26 januari 2023"
    q = ("Beste Jeroen Bakker,\n\nDank voor de deelname aan de audit van "
         "vandaag. Wil je binnen een week per school het ingevulde format "
         "reflectie audit hercertificering sturen naar "
         "partnerschap@hsmarnix.nl?\n\nMet vriendelijke groet,\n\n"
         "Marloes Jansen\nPartners in Opleiding en Ontwikkeling")
    t = "Hallo Marloes,\n\nHierbij de twee reflectieformulieren.\n\nGroet,\nJeroen"
    add(n, mail_gmail(n, KPH, "Re: " + subj, "Wed, 1 Feb 2023 20:14:52 +0100",
                      t, None, atts=gdocs(n, names), irt=MID_REFL_KPH,
                      refs=MID_REFL_KPH,
                      quote_attr="Op do 26 jan. 2023 om 16:12 schreef "
                      "Partnerschap Hercertificering <%s>:" % US, quoted=q),
        L("reflectie", "boc", "2023-01-26", ["41SJ", "43BN"],
          "Gmail reply ('Re:') with '> ' quote and 'Op do 26 jan. 2023 om "
          "16:12 schreef' attribution; two reflection forms"))

    n = "036-thunderbird-reflectie-morgenster.eml"
    t = ("Beste partnerschap,\n\nIn de bijlage het format reflectie van CBS De "
         "Morgenster. Het format van de andere school volgt morgen.\n\n" + SIG_WLD)
    add(n, mail_thunderbird(n, WLD, "Reflectie audit hercertificering "
                            "26-01-2023 Morgenster",
                            "Thu, 2 Feb 2023 09:00:31 +0100", t, None,
                            atts=docs(["Reflectie_audit_Morgenster_26-01-2023.pdf"],
                                      att_thunderbird)),
        L("reflectie", "boc", "2023-01-26", ["31MG"],
          "reflection as PDF, underscores and the date in the file name"))

    n = "037-iphone-reflectie-zonnebloem.eml"
    add(n, mail_apple(n, LEK, "Reflectie De Zonnebloem",
                      "Fri, 27 Jan 2023 18:40:12 +0100",
                      "Hierbij het reflectieformat van De Zonnebloem.\n\nYasmina",
                      None, iphone=True,
                      atts=docs(["Format reflectie audit hercertificering De "
                                 "Zonnebloem.docx"], att_apple),
                      tail="\n\nVerstuurd vanaf mijn iPhone"),
        L("reflectie", "boc", None, ["53ZB"],
          "iPhone with attachment between text parts; no date named"))

    n = "038-roundcube-reflecties-typo-klimbom.eml"
    names = ["Format reflectie audit hercertificering Klimbom.docx",
             "Format reflectie audit hercertificering Eben-Haezer.docx"]
    t = ("Goedemorgen,\n\nBijgaand de twee ingevulde reflectieformats van de "
         "audit van 1 november.\n\nMet vriendelijke groet,\nMarieke Hoekstra")
    add(n, mail_roundcube(n, WLD2, "Reflecties audit 1 november",
                          "Mon, 7 Nov 2022 08:55:19 +0100", t, None,
                          atts=docs(names, att_roundcube)),
        L("reflectie", "boc", "2022-11-01", ["34KB", "35EH"],
          "schools only in the file names: typo 'Klimbom' (one letter "
          "missing) and 'Eben-Haezer' without diaeresis"))

    n = "039-outlook-windows-1252-reflectie-t-palet.eml"
    t = ("Beste collega's,\n\nHierbij het ingevulde format reflectie van OBS "
         "\u2019t Palet naar aanleiding van de audit van dinsdag 1 november. "
         "De ontwikkelpunten zijn met het team besproken.\n\n" + SIG_BRG)
    add(n, mail_outlook(n, BRG, "Reflectie \u2019t Palet",
                        "Fri, 4 Nov 2022 12:12:44 +0100", t, None,
                        atts=docs(["Reflectie audit hercertificering OBS 't "
                                   "Palet.pdf"], att_outlook),
                        charset="windows-1252",
                        subj_enc=ew_q("Reflectie \u2019t Palet", "Windows-1252")),
        L("reflectie", "boc", "2022-11-01", ["24PT"],
          "Windows-1252: subject Q word with =92 (curly apostrophe), QP body"),
        crlf=True)

    n = "040-outlook-reflecties-de-zon-zonnebloem.eml"
    names = ["Format reflectie audit hercertificering OBS De Zon.docx",
             "Format reflectie audit hercertificering CBS De Zonnebloem.docx"]
    t = ("Goedemiddag,\n\nIn de bijlage de reflectieformulieren van de audit "
         "van 28 maart.\n\n" + SIG_LEK)
    add(n, mail_outlook(n, LEK, "Reflectieformulieren audit 28 maart",
                        "Tue, 4 Apr 2023 14:03:27 +0200", t, None,
                        atts=docs(names, att_outlook)),
        L("reflectie", "boc", "2023-03-28", ["52ZN", "53ZB"],
          "'De Zon' and 'De Zonnebloem' (prefix of each other) both present"),
        crlf=True)


# ================================================================ checklist

SIG_WILLEMS = ("Met vriendelijke groet,\n\nKarin Willems\nDocent en auditor "
               "hercertificering\nMarnix Academie | Vogelsanglaan 1, Utrecht")


def checklists():
    n = "041-outlook-checklist-willems-morgenster.eml"
    t = ("Beste collega's,\n\nIn de bijlage mijn checklist voor CBS De "
         "Morgenster (audit 26 januari). Alle criteria zijn terug te vinden; "
         "de school kan worden uitgenodigd.\n\n" + SIG_WILLEMS)
    add(n, mail_outlook(n, WILLEMS, "Checklist De Morgenster",
                        "Tue, 10 Jan 2023 11:11:03 +0100", t, None,
                        atts=docs(["Checklist audit hercertificering - De "
                                   "Morgenster.docx"], att_outlook)),
        L("checklist", "auditor", "2023-01-26", ["31MG"],
          "academie auditor, checklist with ' - ' in the name"), crlf=True)

    n = "042-outlook-checklists-vandam-wegwijzer-kompas.eml"
    names = ["Checklist audit hercertificering CBS De Wegwijzer.docx",
             "Checklist audit hercertificering Het Kompas.docx"]
    t = ("Hoi,\n\nHierbij de checklists van CBS De Wegwijzer en Het Kompas voor "
         "26 januari. Bij Het Kompas is criterium 2d maar beperkt terug te "
         "vinden; dat heb ik in de checklist toegelicht.\n\nGroet,\n"
         "Erik van Dam")
    add(n, mail_outlook(n, VANDAM, "Checklists Wegwijzer en Kompas",
                        "Wed, 11 Jan 2023 16:47:20 +0100", t, None,
                        atts=docs(names, att_outlook)),
        L("checklist", "auditor", "2023-01-26", ["23JL", "25KP"],
          "two checklists in one mail"), crlf=True)

    n = "043-thunderbird-checklist-degraaf-sint-jozef.eml"
    t = ("Beste partnerschap,\n\nIn de bijlage de checklist van RKBS Sint-Jozef "
         "voor de audit van 26 januari 2023.\n\nVriendelijke groet,\n"
         "Noor de Graaf\nauditor, Stichting Waterland")
    add(n, mail_thunderbird(n, DEGRAAF, "Checklist RKBS Sint-Jozef",
                            "Thu, 12 Jan 2023 19:25:44 +0100", t, None,
                            atts=docs(["Checklist audit hercertificering RKBS "
                                       "Sint-Jozef.pdf"], att_thunderbird)),
        L("checklist", "auditor", "2023-01-26", ["41SJ"],
          "auditor of a partner board (WLD address, but an auditor, not the "
          "BOC) checks a KPH school: any board counts for an auditor; the "
          "date is split by a format=flowed soft line break ('26 \\njanuari')"))

    n = "044-gmail-checklist-smits-t-palet.eml"
    t = ("Goedemiddag,\n\nBijgaand de ingevulde checklist van OBS 't Palet "
         "(audit 1 november).\n\nGroet,\nPeter Smits")
    add(n, mail_gmail(n, SMITS, "Checklist 't Palet",
                      "Tue, 18 Oct 2022 13:58:36 +0200", t, None,
                      atts=gdocs(n, ["Checklist audit hercertificering OBS 't "
                                     "Palet.pdf"])),
        L("checklist", "auditor", "2022-11-01", ["24PT"],
          "Gmail auditor of KPH checking a BRG school"))

    n = "045-apple-mail-checklist-kok-eben-haezer.eml"
    t = ("Beste collega's,\n\nHierbij mijn checklist. Alle criteria zijn "
         "aanwezig.\n\nGroet,\nBram Kok")
    add(n, mail_apple(n, KOK, "Checklist Eben-Ha\u00ebzer",
                      "Wed, 19 Oct 2022 10:20:17 +0200", t, None,
                      atts=docs(["Checklist_Eben-Haezer.docx"], att_apple)),
        L("checklist", "auditor", None, ["35EH"],
          "Apple Mail; subject Q-encoded 'Eben-Ha\u00ebzer', file name "
          "'Eben-Haezer'; no date"))

    n = "046-outlook-re-bundel-checklist-eben-haezer.eml"
    subj = "Bundel hercertificering 28 maart 2023: CBS Eben-Ha\u00ebzer"
    q = bundel_text("Karin Willems", "CBS Eben-Ha\u00ebzer", "Kamerik",
                    "dinsdag 28 maart 2023", "dinsdag 21 maart 2023")
    qh = outlook_quote_hdr("Partnerschap Hercertificering <%s>" % US,
                           "maandag 6 maart 2023 07:00",
                           "Karin Willems <k.willems@hsmarnix.nl>", subj)
    add(n, mail_outlook(n, WILLEMS, "RE: " + subj,
                        "Mon, 13 Mar 2023 17:21:08 +0100",
                        "Hallo,\n\nBijgaand de ingevulde checklist.\n\nGroet,\nKarin",
                        None, atts=docs(["Checklist audit hercertificering "
                                         "Eben-Haezer.docx"], att_outlook),
                        irt=MID_BUNDEL_EH, refs=MID_BUNDEL_EH, quote=(qh, q),
                        topic=subj, charset="utf-8",
                        subj_enc=ew_q("RE: " + subj, "iso-8859-1")),
        L("checklist", "auditor", "2023-03-28", ["35EH"],
          "auditor answers our bundel-auditor mail (In-Reply-To "
          "<hercert.bundel-auditor...>) with the checklist: checklist, not "
          "vraag or documenten"), crlf=True)

    n = "047-outlook-checklist-vandam-de-zon-niet-uitnodigen.eml"
    t = ("Beste collega's,\n\nIn de bijlage de checklist van OBS De Zon voor "
         "28 maart. Helaas zijn drie criteria (2a, 2c en 3) niet terug te "
         "vinden in de documenten. Volgens de procedure wordt de school dan "
         "niet uitgenodigd voor het gesprek. Willen jullie contact opnemen met "
         "de BOC?\n\nGroet,\nErik van Dam")
    add(n, mail_outlook(n, VANDAM, "Checklist OBS De Zon - niet uitnodigen",
                        "Tue, 14 Mar 2023 10:36:55 +0100", t, None,
                        atts=docs(["Checklist audit hercertificering OBS De "
                                   "Zon.docx"], att_outlook)),
        L("checklist", "auditor", "2023-03-28", ["52ZN"],
          "negative verdict is still a checklist; 'De Zon' alone (no "
          "Zonnebloem)"), crlf=True)

    n = "048-gmail-checklist-smits-typo-rehobot.eml"
    add(n, mail_gmail(n, SMITS, "Checklist 28 maart",
                      "Wed, 15 Mar 2023 21:09:40 +0100",
                      "Hoi,\n\nZie bijlage.\n\nPeter", None,
                      atts=gdocs(n, ["Checklist audit hercertificering PCBS "
                                     "Rehobot.pdf"])),
        L("checklist", "auditor", "2023-03-28", ["32RH"],
          "school only in the file name, typo 'Rehobot' (one letter "
          "missing)"))


# ==================================================================== vraag

def vragen():
    n = "049-outlook-re-bevestiging-dank.eml"
    t = ("Dank je wel voor de bevestiging. De schoolopleiders van beide scholen "
         "zijn op de hoogte.\n\nGroet,\nAnne")
    add(n, mail_outlook(n, BRG, "RE: " + BEV_BRG_SUBJ,
                        "Mon, 28 Nov 2022 08:32:50 +0100", t, None,
                        irt=MID_BEV_BRG, refs=MID_BEV_BRG, quote=quote_bev_brg(),
                        topic=BEV_BRG_SUBJ, charset="utf-8"),
        L("vraag", "boc", "2023-01-26", ["23JL", "25KP"],
          "reply to our confirmation without attachments: vraag, not a new "
          "registration; schools and date come from the quoted confirmation"),
        crlf=True)

    n = "050-outlook-re-ontvangen-met-logo.eml"
    t = ("Dank voor de bevestiging. Ik zie dat het pre-advies nog de oude "
         "versie is; ik stuur volgende week een nieuwe versie. Is dat nog op "
         "tijd?\n\n" + SIG_BRG)
    qh = outlook_quote_hdr("Partnerschap Hercertificering <%s>" % US,
                           "maandag 2 januari 2023 10:41",
                           "Anne de Vries <a.devries@bergrivier.nl>", ONTV_WW_SUBJ)
    add(n, mail_outlook(n, BRG, "RE: " + ONTV_WW_SUBJ,
                        "Tue, 3 Jan 2023 08:47:13 +0100", t, None,
                        irt=MID_ONTV_WW, refs=MID_ONTV_WW, quote=(qh, ONTV_WW),
                        topic=ONTV_WW_SUBJ, logo=True, charset="utf-8"),
        L("vraag", "boc", "2023-01-26", ["23JL"],
          "reply to our receipt whose only attachment is the inline "
          "signature logo (image001.png, Content-ID): no document, so vraag"),
        crlf=True)

    n = "051-outlook-antw-bevestiging-lek.eml"
    t = ("Dank voor de bevestiging. Vindt het gesprek in Teams plaats of op "
         "locatie? Dan kan ik dat aan de directeuren doorgeven.\n\n" + SIG_LEK)
    qh = outlook_quote_hdr("Partnerschap Hercertificering [mailto:%s]" % US,
                           "maandag 21 november 2022 20:45",
                           "Yasmina El Idrissi", "Bevestiging aanmelding "
                           "hercertificering 26 januari 2023")
    add(n, mail_outlook(n, LEK, "Antw: Bevestiging aanmelding hercertificering "
                        "26 januari 2023", "Tue, 22 Nov 2022 08:10:02 +0100", t,
                        None, irt=MID_BEV_LEK, refs=MID_BEV_LEK,
                        quote=(qh, BEV_LEK), charset="utf-8",
                        topic="Bevestiging aanmelding hercertificering 26 "
                        "januari 2023",
                        quote_sep="-----Oorspronkelijk bericht-----",
                        extra="X-Mailer: Microsoft Outlook 14.0\n"),
        L("vraag", "boc", "2023-01-26", ["51RB", "53ZB"],
          "Outlook 2010 Dutch 'Antw:' with '-----Oorspronkelijk bericht-----'; "
          "the quote's 'CBS De Regenboog' is LEK's 51RB for the LEK BOC"),
        crlf=True)

    n = "052-outlook-aw-bundel-vraag-kok.eml"
    subj = "Bundel hercertificering 28 maart 2023: CBS De Morgenster"
    t = ("Hallo,\n\nIk heb de bundel ontvangen, maar het pre-advies van CBS De "
         "Morgenster ontbreekt in de bijlagen. Kunnen jullie dat nog sturen? "
         "Dan stuur ik de checklist uiterlijk 21 maart terug.\n\nGroet,\nBram Kok")
    qh = outlook_quote_hdr("Partnerschap Hercertificering <%s>" % US,
                           "Montag, 6. März 2023 07:00",
                           "Bram Kok <b.kok@lekstroom.nl>", subj, lang="de")
    add(n, mail_outlook(n, KOK, "AW: " + subj, "Fri, 10 Mar 2023 14:30:26 +0100",
                        t, None, irt=MID_BUNDEL_MG, refs=MID_BUNDEL_MG,
                        quote=(qh, bundel_text("Bram Kok", "CBS De Morgenster",
                                               "Maarssen", "dinsdag 28 maart 2023",
                                               "dinsdag 21 maart 2023")),
                        topic=subj, charset="utf-8", lang="de-DE"),
        L("vraag", "auditor", "2023-03-28", ["31MG"],
          "German Outlook 'AW:' (Von:/Gesendet:/Betreff:) from an auditor, "
          "no attachment: a question, although it talks about the checklist"),
        crlf=True)

    n = "053-outlook-sv-deelnemers-willems.eml"
    subj = "Deelnemers hercertificering 26 januari 2023: documenten"
    q = ("Beste deelnemers,\n\nIn de bijlage de documenten van de vier scholen "
         "aan jullie gesprekstafel op\ndonderdag 26 januari 2023: CBS De "
         "Wegwijzer (Nieuwegein), Basisschool Het\nKompas (Vianen), CBS De "
         "Morgenster (Maarssen) en PCBS Rehoboth (Woerden).\nGespreksleider is "
         "Karin Willems.\n\nLees de twee documenten van de scholen van het "
         "andere bestuur en bereid\nper document twee parels en twee "
         "ontwikkelingsgerichte vragen voor.\n\nMet vriendelijke groet,\n\n"
         "Partners in Opleiding en Ontwikkeling\npartnerschap@hsmarnix.nl")
    qh = outlook_quote_hdr("Partnerschap Hercertificering <%s>" % US,
                           "den 19 januari 2023 07:00",
                           "Karin Willems <k.willems@hsmarnix.nl>", subj,
                           lang="sv")
    t = ("Dank, ik heb alle documenten ontvangen. Ik start de Teams-vergadering "
         "een kwartier voor het gesprek, zodat iedereen de techniek kan "
         "testen.\n\nGroet,\nKarin")
    add(n, mail_outlook(n, WILLEMS, "SV: " + subj, "Fri, 20 Jan 2023 09:12:40 +0100",
                        t, None, irt=MID_DEELN, refs=MID_DEELN, quote=(qh, q),
                        topic=subj, charset="utf-8", lang="sv-SE"),
        L("vraag", "auditor", "2023-01-26", ["23JL", "25KP", "31MG", "32RH"],
          "Outlook in Swedish ('SV:', Från:/Skickat:/Ämne:) answering our "
          "deelnemers mail; the quote names the four schools of the table "
          "(two boards: any board counts for an auditor)"), crlf=True)

    n = "054-gmail-vraag-sint-maarten-aanmelden.eml"
    t = ("Beste partnerschap,\n\nHet certificaat van RKBS Sint Maarten loopt op "
         "10 oktober af. Moeten we de school aanmelden voor 22 juni, of kan dat "
         "ook nog in het najaar? En worden de data voor volgend schooljaar al "
         "bekendgemaakt?\n\n" + SIG_KPH)
    add(n, mail_gmail(n, KPH, "Vraag over hercertificering Sint Maarten",
                      "Wed, 1 Feb 2023 11:26:03 +0100", t, None),
        L("vraag", "boc", "2023-06-22", ["44MT"],
          "a question that contains 'aanmelden' and 'hercertificering' but "
          "registers nothing"))

    n = "055-roundcube-afmelding-klimboom.eml"
    t = ("Beste partnerschap,\n\nHelaas moeten we OBS De Klimboom afmelden voor "
         "de audit van 26 januari; de directeur is langdurig ziek en het team "
         "kan het schooldocument niet op tijd afronden. De andere school doet "
         "gewoon mee.\n\nMet vriendelijke groet,\nMarieke Hoekstra")
    add(n, mail_roundcube(n, WLD2, "Afmelding De Klimboom 26 januari",
                          "Mon, 12 Dec 2022 10:18:33 +0100", t, None),
        L("vraag", "boc", "2023-01-26", ["34KB"],
          "a cancellation ('afmelden') is a change: vraag, not aanmelding"))

    n = "056-outlook-coordinator-sint-bernardus-verschuift.eml"
    t = ("Hoi,\n\nNa overleg met Jeroen Bakker schuift RKBS Sint Bernardus door "
         "naar de audit van 28 maart. Wil je de documenten die al binnen zijn "
         "bij die datum zetten?\n\nGroet,\nMarloes\n\nMarloes Jansen\n"
         "Co\u00f6rdinator Partners in Opleiding en Ontwikkeling\n"
         "Marnix Academie")
    add(n, mail_outlook(n, COORD, "Sint Bernardus naar 28 maart",
                        "Fri, 10 Feb 2023 16:05:10 +0100", t, None,
                        charset="utf-8"),
        L("vraag", "coordinator", "2023-03-28", ["43BN"],
          "a note of the coordinator to the shared mailbox"), crlf=True)

    n = "057-outlook-bedankt-auditor-willems.eml"
    t = ("Beste collega's,\n\nDank voor de goede organisatie van de audits van "
         "donderdag 26 januari. Het waren inspirerende gesprekken en de scholen "
         "hadden zich goed voorbereid. Mijn aantekeningen heb ik aan de "
         "checklists toegevoegd.\n\n" + SIG_WILLEMS)
    add(n, mail_outlook(n, WILLEMS, "Bedankt!", "Fri, 27 Jan 2023 09:03:58 +0100",
                        t, None, charset="utf-8"),
        L("vraag", "auditor", "2023-01-26", [],
          "an auditor's thank-you; mentions checklists but carries none"),
        crlf=True)

    n = "058-outlook-vandam-beschikbaarheid.eml"
    t = ("Hoi,\n\nIk heb op 28 mrt de hele middag vrij. Als er nog een "
         "gespreksleider nodig is voor een tweede tafel, dan hoor ik het "
         "graag.\n\nGroet,\nErik van Dam")
    add(n, mail_outlook(n, VANDAM, "Beschikbaarheid auditdag",
                        "Thu, 9 Feb 2023 12:30:00 +0100", t, None),
        L("vraag", "auditor", "2023-03-28", [],
          "auditor offers help; '28 mrt'"), crlf=True)

    n = "059-iphone-vraag-ruimte-22-juni.eml"
    t = ("Hoi,\n\nIs er op 22 juni nog ruimte voor twee scholen van Bergrivier? "
         "Dan meld ik ze deze week aan.\n\nGroet,\nAnne\n\n"
         "Verstuurd vanaf mijn iPhone")
    add(n, mail_apple(n, BRG, "Nog plek op 22 juni?",
                      "Thu, 6 Apr 2023 19:51:30 +0200", t, None, iphone=True),
        L("vraag", "boc", "2023-06-22", [],
          "'nog ruimte' is the common word, not OBS De Ruimte (27RM); no "
          "school is named, nothing is registered yet"))

    n = "060-owa-vraag-typo-wegwjizer.eml"
    t = ("Beste collega's,\n\nMag het verslag van het teamgesprek van De "
         "Wegwjizer ook een filmpje zijn in plaats van een document? Het team "
         "heeft de bespreking opgenomen. Het gaat om de audit van 26 januari."
         "\n\n" + SIG_BRG)
    add(n, mail_outlook(n, BRG, "Vraag over teamverslag als video",
                        "Wed, 14 Dec 2022 14:26:41 +0100", t, None, owa=True),
        L("vraag", "boc", "2023-01-26", ["23JL"],
          "typo 'Wegwjizer' (two letters swapped)"), crlf=True)


# ============================================================== automatisch

def our_headers(subject, mid, to, date):
    return ("From: %s <%s>\nTo: %s\nSubject: %s\nDate: %s\nMessage-ID: %s\n"
            "Auto-Submitted: auto-generated\nX-Hercert-Kind: %s\n"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: 8bit\n"
            % (US_NAME, US, to, subject, date, mid, mid.split(".")[1]))


def dsn(name, frm, subject, date, human, reporting_mta, recipient, action,
        status, diag, orig_headers, orig_body=None, extra="", rp="<>",
        alt_html=None, boundary=None):
    """A delivery status notification (RFC 3464): multipart/report with a
    human part, message/delivery-status and the original (headers only, or
    the whole message)."""
    b = boundary or "%s.%s/%s" % (h8(name, 10).upper(), h8(name + "t", 10), reporting_mta)
    s = "Return-Path: %s\n" % rp
    s += received_ext(name, reporting_mta, date) if reporting_mta != "mx1.hsmarnix.nl" else ""
    s += extra
    s += "Date: %s\nFrom: %s\nSubject: %s\nTo: %s\n" % (date, frm, subject, US)
    s += "Auto-Submitted: auto-replied\n"
    s += "MIME-Version: 1.0\n"
    s += ('Content-Type: multipart/report; report-type=delivery-status;\n'
          '\tboundary="%s"\n' % b)
    s += "Content-Transfer-Encoding: 8bit\n"
    s += "Message-Id: <%s.%s@%s>\n\n" % (h8(name, 12).upper(), h8(name, 6), reporting_mta)
    s += "This is a MIME-encapsulated message.\n\n"
    if alt_html:
        ab = "_alt_" + h8(name + "a", 16)
        hp = multipart('Content-Type: multipart/alternative; boundary="%s"' % ab,
                       ab, [text_part(human, "utf-8", "quoted-printable",
                                      style="outlook"),
                            text_part(alt_html, "utf-8", "quoted-printable",
                                      sub="html", style="outlook")])
    else:
        hp = part("Content-Description: Notification\n"
                  "Content-Type: text/plain; charset=us-ascii", human)
    s += "--%s\n%s\n" % (b, hp.rstrip("\n"))
    ds = ("Reporting-MTA: dns; %s\nX-Postfix-Queue-ID: 4N%s\n"
          "Arrival-Date: %s\n\nFinal-Recipient: rfc822; %s\n"
          "Original-Recipient: rfc822;%s\nAction: %s\nStatus: %s\n"
          "Diagnostic-Code: %s\n" % (reporting_mta, h8(name, 9).upper(), date,
                                     recipient, recipient, action, status, diag))
    s += "\n--%s\nContent-Description: Delivery report\n" \
         "Content-Type: message/delivery-status\n\n%s" % (b, ds)
    if orig_body is None:
        s += ("\n--%s\nContent-Description: Undelivered Message Headers\n"
              "Content-Type: text/rfc822-headers\n\n%s" % (b, orig_headers))
    else:
        s += ("\n--%s\nContent-Description: Undelivered Message\n"
              "Content-Type: message/rfc822\n\n%s\n%s" % (b, orig_headers,
                                                          latin(orig_body.encode())))
    return s + "\n--%s--\n" % b


def automatisch():
    n = "061-exchange-automatisch-antwoord-nl.eml"
    t = ("Ik ben afwezig tot en met maandag 9 januari. Uw mail wordt niet "
         "doorgestuurd.\nVoor dringende zaken kunt u contact opnemen met het "
         "bestuursbureau, 030 634 12 00.\n\nAnne de Vries")
    add(n, mail_outlook(n, BRG, "Automatisch antwoord: " + ONTV_WW_SUBJ,
                        "Mon, 2 Jan 2023 10:41:30 +0100", t, None,
                        irt=MID_ONTV_WW, refs=MID_ONTV_WW, topic=ONTV_WW_SUBJ,
                        charset="utf-8",
                        extra="Auto-Submitted: auto-generated\n"
                              "X-Auto-Response-Suppress: All\n"
                              "X-MS-Exchange-Inbox-Rules-Loop: "
                              "a.devries@bergrivier.nl\n"
                              "X-MS-Exchange-Generated-Message-Source: Mailbox "
                              "Rules Agent\n"),
        L("automatisch", "boc", None, [],
          "Exchange out-of-office (Dutch) of a BOC to our receipt: "
          "Auto-Submitted, X-Auto-Response-Suppress; subject names a school"),
        crlf=True)

    n = "062-exchange-automatic-reply-en.eml"
    subj = "Bundel hercertificering 28 maart 2023: PCBS Rehoboth"
    t = ("Thank you for your message. I am out of the office until 20 March "
         "with limited access to e-mail. For urgent matters please contact "
         "the front desk of Marnix Academie, +31 30 275 34 00.\n\nErik van Dam")
    add(n, mail_outlook(n, VANDAM, "Automatic reply: " + subj,
                        "Mon, 6 Mar 2023 07:00:21 +0100", t, None,
                        irt="<hercert.bundel-auditor.c8e2a5f1@hsmarnix.nl>",
                        refs="<hercert.bundel-auditor.c8e2a5f1@hsmarnix.nl>",
                        topic=subj, lang="en-US",
                        extra="Auto-Submitted: auto-generated\n"
                              "X-Auto-Response-Suppress: All\n"
                              "X-MS-Exchange-Inbox-Rules-Loop: "
                              "e.vandam@hsmarnix.nl\n"),
        L("automatisch", "auditor", None, [],
          "Exchange out-of-office in English from an auditor, in reply to "
          "our bundel-auditor mail (In-Reply-To <hercert....>)"), crlf=True)

    n = "063-gmail-vakantie-autoreply.eml"
    raw = mail_gmail(n, KPH, "Afwezig tot 9 januari",
                     "Thu, 29 Dec 2022 07:00:44 +0100",
                     "Beste afzender,\n\nTot en met maandag 9 januari ben ik met "
                     "vakantie en lees ik mijn mail niet. Uw bericht wordt niet "
                     "doorgestuurd.\n\nMet vriendelijke groet,\nJeroen Bakker",
                     None, irt="<hercert.documenten-herinnering.4a8b2c6d@hsmarnix.nl>",
                     refs="<hercert.documenten-herinnering.4a8b2c6d@hsmarnix.nl>")
    raw = raw.replace("MIME-Version: 1.0\n",
                      "MIME-Version: 1.0\nAuto-Submitted: auto-replied\n", 1)
    add(n, raw, L("automatisch", "boc", None, [],
                  "Gmail vacation responder: Auto-Submitted: auto-replied, a "
                  "subject of the user's choice"))

    n = "064-afwezig-alleen-onderwerp.eml"
    raw = mail_thunderbird(n, ("Inge Smit", "i.smit@stichtingwaterland.nl"),
                           "Afwezig: Deelnemers hercertificering 26 januari "
                           "2023: documenten", "Thu, 19 Jan 2023 07:00:09 +0100",
                           "Ik ben afwezig tot en met 30 januari en lees mijn "
                           "mail niet.\n\nMet vriendelijke groet,\n"
                           "Inge Smit", None,
                           irt=MID_DEELN, user_agent="Autoresponder 2.1")
    add(n, raw, L("automatisch", "unknown", None, [],
                  "a simple autoresponder that shows it only in the subject "
                  "('Afwezig:'), no Auto-Submitted; sender is a schoolopleider"))

    n = "065-out-of-office-alleen-onderwerp.eml"
    raw = mail_roundcube(n, WLD, "Out of Office: " + BEV_BRG_SUBJ,
                         "Mon, 28 Nov 2022 15:07:30 +0100",
                         "I am currently out of the office with limited access "
                         "to email.\nIk ben momenteel afwezig en heb beperkt "
                         "toegang tot mijn mail.\n\nMarieke Hoekstra", None)
    add(n, raw, L("automatisch", "boc", None, [],
                  "'Out of Office:' only in the subject, no automatic "
                  "headers, from a BOC"))

    n = "066-outlook-leesbevestiging.eml"
    b = "_mdn_" + h8(n, 20)
    orig_subj = "Uitnodiging gesprekstafel hercertificering 26 januari"
    human = ("Uw bericht\n\n    Aan: Yasmina El Idrissi\n    Onderwerp: %s\n"
             "    Verzonden: dinsdag 17 januari 2023 13:02:11 (UTC+01:00) "
             "Amsterdam, Berlijn, Bern, Rome, Stockholm, Wenen\n\nis gelezen op "
             "dinsdag 17 januari 2023 14:40:57 (UTC+01:00) Amsterdam, Berlijn, "
             "Bern, Rome, Stockholm, Wenen." % orig_subj)
    mdn = ("Reporting-UA: DB9PR02MB6700.eurprd02.prod.outlook.com; Microsoft "
           "Outlook 16.0\nFinal-Recipient: rfc822;y.elidrissi@lekstroom.nl\n"
           "Original-Message-ID: <DB9PR02MB6700A7C1E2F3@DB9PR02MB6700."
           "eurprd02.prod.outlook.com>\n"
           "Disposition: manual-action/MDN-sent-manually; displayed\n")
    raw = ("Return-Path: <%s>\n" % LEK[1] +
           exchange_headers(n, LEK, TO_US, "Gelezen: " + orig_subj,
                            "Tue, 17 Jan 2023 14:40:58 +0100")
           + 'Content-Type: multipart/report;\n\treport-type=disposition-'
             'notification;\n\tboundary="%s"\n\n' % b
           + "--%s\n" % b + text_part(human, "utf-8", "quoted-printable",
                                      style="outlook").rstrip("\n")
           + "\n\n--%s\nContent-Type: message/disposition-notification\n\n%s"
             "\n--%s--\n" % (b, mdn, b))
    add(n, raw, L("automatisch", "boc", None, [],
                  "Outlook read receipt ('Gelezen:'), multipart/report; "
                  "report-type=disposition-notification, from a BOC"),
        crlf=True)

    n = "067-postfix-bounce-en.eml"
    osubj = "Deelnemers hercertificering 26 januari 2023: documenten"
    human = ("This is the mail system at host mx1.hsmarnix.nl.\n\n"
             "I'm sorry to have to inform you that your message could not\n"
             "be delivered to one or more recipients. It's attached below.\n\n"
             "For further assistance, please send mail to postmaster.\n\n"
             "If you do so, please include this problem report. You can\n"
             "delete your own text from the attached returned message.\n\n"
             "                   The mail system\n\n"
             "<i.hoogendoorm@lekstroom.nl>: host\n"
             "    lekstroom-nl.mail.protection.outlook.com[52.101.68.5] said: "
             "550 5.4.1\n    Recipient address rejected: Access denied. "
             "(in reply to RCPT TO\n    command)\n")
    oh = our_headers(osubj, MID_DEELN, "i.hoogendoorm@lekstroom.nl",
                     "Thu, 19 Jan 2023 07:00:02 +0100")
    add(n, dsn(n, "MAILER-DAEMON@mx1.hsmarnix.nl (Mail Delivery System)",
               "Undelivered Mail Returned to Sender",
               "Thu, 19 Jan 2023 07:00:05 +0100", human, "mx1.hsmarnix.nl",
               "i.hoogendoorm@lekstroom.nl", "failed", "5.4.1",
               "smtp; 550 5.4.1 Recipient address rejected: Access denied.",
               oh),
        L("automatisch", "unknown", None, [],
          "Postfix bounce in English: MAILER-DAEMON, null Return-Path, "
          "multipart/report delivery-status with the original headers"))

    n = "068-exchange-onbestelbaar-ndr.eml"
    frm = ("Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e"
           "@hsmarnix.nl>")
    human = ("Uw bericht kan niet worden bezorgd bij "
             "m.hoekstra@stichtingwaterlnd.nl omdat het domein "
             "stichtingwaterlnd.nl niet bestaat.\n\nDiagnostische gegevens "
             "voor beheerders:\n\nGenererende server: DB9PR02MB6700.eurprd02."
             "prod.outlook.com\n\nm.hoekstra@stichtingwaterlnd.nl\n"
             "Remote server returned '550 5.4.310 DNS domain "
             "stichtingwaterlnd.nl does not exist'\n")
    hhtml = "<html><body><p>%s</p></body></html>" % esc(human).replace("\n", "<br>\n")
    oh = our_headers("Bevestiging aanmelding hercertificering 26 januari 2023",
                     "<hercert.aanmelding-bevestigd.e61b03d9@hsmarnix.nl>",
                     "m.hoekstra@stichtingwaterlnd.nl",
                     "Mon, 28 Nov 2022 15:07:02 +0100")
    body = bevestiging_text("Marieke Hoekstra", "Stichting Waterland",
                            "donderdag 26 januari 2023",
                            [("OBS De Klimboom", "Breukelen", "34KB"),
                             ("CBS Eben-Ha\u00ebzer", "Kamerik", "35EH")],
                            "donderdag 5 januari 2023")
    add(n, dsn(n, frm, "Onbestelbaar: Bevestiging aanmelding hercertificering "
               "26 januari 2023", "Mon, 28 Nov 2022 15:07:04 +0100", human,
               "DB9PR02MB6700.eurprd02.prod.outlook.com",
               "m.hoekstra@stichtingwaterlnd.nl", "failed", "5.4.310",
               "smtp; 550 5.4.310 DNS domain stichtingwaterlnd.nl does not exist",
               oh, orig_body=body, alt_html=hhtml,
               extra="X-MS-Exchange-Message-Is-Ndr:\n"
                     "Content-Language: nl-NL\n"
                     "X-MS-Exchange-Organization-SCL: -1\n"),
        L("automatisch", "unknown", None, [],
          "Exchange Online NDR 'Onbestelbaar:', From MicrosoftExchange...@"
          "hsmarnix.nl (our own domain, not the coordinator), with the "
          "returned confirmation (which says 'aanmelding' and names schools)"),
        crlf=True)

    n = "069-postfix-vertraagd-delay-dsn.eml"
    human = ("This is the mail system at host mx1.hsmarnix.nl.\n\n"
             "####################################################################\n"
             "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n"
             "####################################################################\n\n"
             "Your message could not be delivered for more than 4 hour(s).\n"
             "It will be retried until it is 5 day(s) old.\n\n"
             "                   The mail system\n\n"
             "<directie@sintmaarten-doorn.nl>: connect to\n"
             "    mail.sintmaarten-doorn.nl[185.104.29.18]:25: Connection timed "
             "out\n")
    oh = our_headers("Herinnering: documenten hercertificering 1 november 2022",
                     "<hercert.documenten-herinnering.7e5d3c21@hsmarnix.nl>",
                     "directie@sintmaarten-doorn.nl",
                     "Tue, 4 Oct 2022 07:00:03 +0200")
    add(n, dsn(n, "MAILER-DAEMON@mx1.hsmarnix.nl (Mail Delivery System)",
               "Delayed Mail (still being retried)",
               "Tue, 4 Oct 2022 11:10:41 +0200", human, "mx1.hsmarnix.nl",
               "directie@sintmaarten-doorn.nl", "delayed", "4.4.1",
               "X-Postfix; connect to mail.sintmaarten-doorn.nl[185.104.29.18]"
               ":25: Connection timed out", oh),
        L("automatisch", "unknown", None, [],
          "Postfix delay warning (Action: delayed)"))

    n = "070-qmail-failure-notice.eml"
    t = ("Hi. This is the qmail-send program at mx.schoolmail-hosting.nl.\n"
         "I'm afraid I wasn't able to deliver your message to the following "
         "addresses.\nThis is a permanent error; I've given up. Sorry it "
         "didn't work out.\n\n<directie@sintbernardus-driebergen.nl>:\n"
         "Sorry, no mailbox here by that name. (#5.1.1)\n\n"
         "--- Below this line is a copy of the message.\n\n"
         "Return-Path: <partnerschap@hsmarnix.nl>\nReceived: (qmail 28114 "
         "invoked from network); 14 Feb 2023 07:00:04 -0000\n"
         "From: Partnerschap Hercertificering <partnerschap@hsmarnix.nl>\n"
         "To: directie@sintbernardus-driebergen.nl\n"
         "Subject: Certificaat hercertificering RKBS Sint Bernardus\n"
         "Message-ID: <hercert.certificaat.5b2f9e07@hsmarnix.nl>\n\n"
         "Beste directie van RKBS Sint Bernardus,\n\nGefeliciteerd! Met deze "
         "mail ontvangen jullie het certificaat hercertificering.\n")
    raw = ("Return-Path: <>\n" + received_ext(n, "mx.schoolmail-hosting.nl",
                                               "14 Feb 2023 07:00:05 -0000")
           + "Date: 14 Feb 2023 07:00:05 -0000\nFrom: MAILER-DAEMON@mx.schoolmail-"
             "hosting.nl\nTo: partnerschap@hsmarnix.nl\nSubject: failure notice\n"
             "Message-ID: <20230214070005.28116.qmail@mx.schoolmail-hosting.nl>\n\n"
           + t)
    add(n, raw, L("automatisch", "unknown", None, [],
                  "qmail bounce: plain text only, From MAILER-DAEMON, "
                  "Return-Path <>, the copy names a school"))

    n = "071-mailman-lijst-netwerk-opleidingsscholen.eml"
    t = ("Beste schoolopleiders en BOC's,\n\nOp donderdag 9 maart is de "
         "netwerkbijeenkomst voor schoolopleiders, van 15.00 tot 17.00 uur op "
         "de Marnix Academie. Thema: de hercertificering en wat scholen ervan "
         "leren. Aanmelden kan tot 1 maart via het formulier op de website.\n\n"
         "Hartelijke groet,\nH\u00e9l\u00e8ne Claassen\n\n"
         "_______________________________________________\n"
         "Opleidingsscholen mailing list -- opleidingsscholen@lists."
         "marnixacademie.nl\nTo unsubscribe send an email to "
         "opleidingsscholen-leave@lists.marnixacademie.nl\n")
    raw = ("Return-Path: <opleidingsscholen-bounces@lists.marnixacademie.nl>\n"
           + received_ext(n, "lists.marnixacademie.nl", "Wed, 15 Feb 2023 12:00:31 +0100")
           + "From: =?utf-8?q?H=C3=A9l=C3=A8ne_Claassen?= <h.claassen@hsmarnix.nl>\n"
             "To: opleidingsscholen@lists.marnixacademie.nl\n"
             "Subject: [Opleidingsscholen] Aanmelden netwerkbijeenkomst "
             "schoolopleiders 9 maart\n"
             "Date: Wed, 15 Feb 2023 12:00:29 +0100\n"
             "Message-ID: <%s@hsmarnix.nl>\n" % h8(n, 24)
           + "MIME-Version: 1.0\nContent-Type: text/plain; charset=\"utf-8\"\n"
             "Content-Transfer-Encoding: quoted-printable\n"
             "Message-ID-Hash: %s\n" % h8(n + "h", 32).upper()
           + "X-Message-ID-Hash: %s\n" % h8(n + "h", 32).upper()
           + "X-MailFrom: h.claassen@hsmarnix.nl\n"
             "X-Mailman-Rule-Misses: dmarc-mitigation; no-senders; approved; "
             "emergency; loop; banned-address; member-moderation; header-match-"
             "opleidingsscholen.lists.marnixacademie.nl-0; nonmember-moderation; "
             "administrivia; implicit-dest; max-recipients; max-size; "
             "news-moderation; no-subject; digests; suspicious-header\n"
             "X-Mailman-Version: 3.3.8\nPrecedence: list\n"
             "List-Id: Netwerk opleidingsscholen <opleidingsscholen.lists."
             "marnixacademie.nl>\n"
             "Archived-At: <https://lists.marnixacademie.nl/archives/list/"
             "opleidingsscholen@lists.marnixacademie.nl/message/%s/>\n"
             % h8(n + "h", 32).upper()
           + "List-Archive: <https://lists.marnixacademie.nl/archives/list/"
             "opleidingsscholen@lists.marnixacademie.nl/>\n"
             "List-Help: <mailto:opleidingsscholen-request@lists.marnixacademie."
             "nl?subject=help>\n"
             "List-Post: <mailto:opleidingsscholen@lists.marnixacademie.nl>\n"
             "List-Subscribe: <mailto:opleidingsscholen-join@lists."
             "marnixacademie.nl>\n"
             "List-Unsubscribe: <mailto:opleidingsscholen-leave@lists."
             "marnixacademie.nl>\n\n" + qp(t))
    add(n, raw, L("automatisch", "unknown", None, [],
                  "Mailman 3 list mail (List-Id, Precedence: list) whose "
                  "subject says 'Aanmelden'"))

    n = "072-nieuwsbrief-precedence-bulk.eml"
    t = ("Nieuwsbrief Partners in Opleiding en Ontwikkeling - december 2022\n\n"
         "HERCERTIFICERING 2023\nDe data voor de hercertificering zijn 26 "
         "januari, 28 maart en 22 juni 2023. BOC's kunnen hun scholen "
         "aanmelden via partnerschap@hsmarnix.nl. Lees de procedure op onze "
         "website.\n\nIN DE SCHIJNWERPERS: CBS DE MORGENSTER\nHoe een "
         "leerwerkgemeenschap de school veranderde.\n\n"
         "Afmelden voor deze nieuwsbrief: https://marnixpartnerschap.email-"
         "provider.eu/unsubscribe/%s\n" % h8(n, 16))
    html = ("<html><body><table width=\"600\"><tr><td><h1>Nieuwsbrief "
            "december 2022</h1><h2>Hercertificering 2023</h2><p>De data voor "
            "de hercertificering zijn 26 januari, 28 maart en 22 juni 2023. "
            "BOC's kunnen hun scholen aanmelden via partnerschap@hsmarnix.nl."
            "</p><h2>In de schijnwerpers: CBS De Morgenster</h2><p>Hoe een "
            "leerwerkgemeenschap de school veranderde.</p><p><a href=\"https://"
            "marnixpartnerschap.email-provider.eu/unsubscribe/%s\">Afmelden"
            "</a></p></td></tr></table></body></html>" % h8(n, 16))
    b = "----=_Part_%d_%d.1671012000000" % (int(h8(n, 6), 16), int(h8(n, 5), 16))
    raw = ("Return-Path: <bounce-%s@mail.email-provider.eu>\n" % h8(n, 12)
           + received_ext(n, "mail.email-provider.eu", "Wed, 14 Dec 2022 10:00:00 +0100")
           + "Date: Wed, 14 Dec 2022 10:00:00 +0100\n"
             "From: Partners in Opleiding <nieuwsbrief@marnixpartnerschap.nl>\n"
             "Reply-To: partnerschap@hsmarnix.nl\n"
             "To: partnerschap@hsmarnix.nl\n"
             "Subject: Nieuwsbrief december: aanmelden hercertificering 2023\n"
             "Message-ID: <%s@mail.email-provider.eu>\n" % h8(n, 30)
           + "Precedence: bulk\n"
             "List-Unsubscribe: <https://marnixpartnerschap.email-provider.eu/"
             "unsubscribe/%s>, <mailto:unsubscribe-%s@mail.email-provider.eu>\n"
             % (h8(n, 16), h8(n, 16))
           + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\n"
             "X-Mailer: email-provider.eu mailer\n"
             "MIME-Version: 1.0\n"
           + multipart('Content-Type: multipart/alternative; boundary="%s"' % b,
                       b, [text_part(t), text_part(html, sub="html")]))
    add(n, raw, L("automatisch", "unknown", None, [],
                  "newsletter with Precedence: bulk and List-Unsubscribe, "
                  "that names all audit dates, 'aanmelden' and a school"))

    n = "073-teams-noreply-gemiste-berichten.eml"
    t = ("Je hebt berichten gemist in Microsoft Teams\n\nKarin Willems: \"Zie "
         "je de bundel van De Morgenster?\"\n\nOpenen in Teams: "
         "https://teams.microsoft.com/l/message/19:%s@thread.v2/\n\n"
         "Deze e-mail is verzonden vanaf een niet-gecontroleerd adres. Je kunt "
         "niet antwoorden op deze e-mail.\nMicrosoft Corporation, One "
         "Microsoft Way, Redmond, WA 98052\n" % h8(n, 32))
    raw = ("Return-Path: <bounces+SRS=%s@email.teams.microsoft.com>\n" % h8(n, 8)
           + received_ext(n, "mail-db8eur05on2070.outbound.protection."
                          "outlook.com", "Mon, 9 Jan 2023 16:31:07 +0000")
           + "From: Microsoft Teams <noreply@email.teams.microsoft.com>\n"
             "To: partnerschap@hsmarnix.nl\n"
             "Subject: Je hebt berichten gemist van Karin Willems\n"
             "Date: Mon, 9 Jan 2023 16:31:05 +0000\n"
             "Message-ID: <%s@odspnotify>\n" % h8(n, 28)
           + "MIME-Version: 1.0\n"
           + multipart('Content-Type: multipart/alternative; boundary="%s"'
                       % ("--boundary_" + h8(n, 10)), "--boundary_" + h8(n, 10),
                       [text_part(t), text_part("<html><body><p>%s</p></body>"
                                                "</html>" % esc(t).replace(
                                                    "\n", "<br>"), sub="html")]))
    add(n, raw, L("automatisch", "unknown", None, [],
                  "noreply notification of Microsoft Teams without automatic "
                  "headers; quotes a school name"))

    n = "074-topdesk-noreply-melding.eml"
    t = ("Beste Partnerschap Hercertificering,\n\nUw melding M2302 0147 "
         "'Gedeelde mailbox partnerschap: map Hercertificering' is afgehandeld."
         "\n\nOplossing: de map is aangemaakt en de rechten zijn ingesteld.\n\n"
         "Met vriendelijke groet,\nServicedesk Marnix Academie\n\nDit is een "
         "automatisch verzonden bericht; u kunt hier niet op antwoorden.")
    raw = ("Return-Path: <noreply@marnixacademie.topdesk.net>\n"
           + received_ext(n, "mail.topdesk.net", "Thu, 16 Feb 2023 11:42:19 +0100")
           + "From: Servicedesk Marnix Academie <noreply@marnixacademie."
             "topdesk.net>\nTo: partnerschap@hsmarnix.nl\n"
             "Subject: Melding M2302 0147 is afgehandeld\n"
             "Date: Thu, 16 Feb 2023 11:42:17 +0100\n"
             "Message-ID: <%s.topdesk@marnixacademie.topdesk.net>\n" % h8(n, 20)
           + "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
             "Content-Transfer-Encoding: base64\n\n"
           + b64lines(t.encode()) + "\n")
    add(n, raw, L("automatisch", "unknown", None, [],
                  "TOPdesk noreply notification, base64 body, no automatic "
                  "headers"))

    n = "075-exchange-automatisch-antwoord-coordinator.eml"
    subj = "Dagoverzicht hercertificering 27 december 2022"
    add(n, mail_outlook(n, COORD, "Automatisch antwoord: " + subj,
                        "Tue, 27 Dec 2022 07:00:12 +0100",
                        "Ik ben met kerstvakantie tot en met vrijdag 6 januari. "
                        "Mails over de hercertificering worden na de vakantie "
                        "behandeld.\n\nMarloes Jansen", None, irt=MID_DIGEST,
                        refs=MID_DIGEST, topic=subj, charset="utf-8",
                        extra="Auto-Submitted: auto-generated\n"
                              "X-Auto-Response-Suppress: All\n"),
        L("automatisch", "coordinator", None, [],
          "the coordinator's out-of-office answering our daily digest"),
        crlf=True)

    n = "076-sieve-vacation-auto.eml"
    raw = mail_roundcube(n, WLD, "Auto: Ontvangen: documenten hercertificering "
                         "De Klimboom", "Wed, 5 Oct 2022 15:33:40 +0200",
                         "Ik ben tot en met 24 oktober met vakantie en lees "
                         "mijn mail niet.\n\nMarieke Hoekstra", None,
                         irt=MID_ONTV_KB, refs=MID_ONTV_KB,
                         extra="Auto-Submitted: auto-replied (vacation)\n")
    raw = raw.replace("User-Agent: Roundcube Webmail/1.6.1\n", "")
    add(n, raw, L("automatisch", "boc", None, [],
                  "Sieve (Pigeonhole) vacation reply: 'Auto:' subject, "
                  "Auto-Submitted: auto-replied (vacation)"))


# ================================================================= onbekend

def onbekend():
    n = "077-spam-seo-engels.eml"
    t = ("Hi there,\n\nI was checking out hsmarnix.nl and noticed a few quick "
         "wins that could get you more traffic from Google. We helped 200+ "
         "schools rank on page one.\n\nWould you be open to a free 10-minute "
         "audit call this week?\n\nCheers,\nDaniel Parker\nRankBoost SEO\n")
    add(n, mail_gmail(n, ("Daniel Parker", "daniel.parker@rankboost-seo.com"),
                      "Quick question about hsmarnix.nl",
                      "Tue, 24 Jan 2023 03:14:55 -0800", t, None),
        L("onbekend", "unknown", None, [],
          "SEO spam ('free audit call')"))

    n = "078-ouder-vraag-inschrijving.eml"
    t = ("Goedendag,\n\nWij verhuizen in de zomer naar Houten en willen onze "
         "dochter (groep 5) inschrijven op De Regenboog. Kunt u mij vertellen "
         "of er nog plek is en hoe de inschrijving werkt?\n\nMet vriendelijke "
         "groet,\nSandra Mulder")
    add(n, mail_outlook(n, ("Sandra Mulder", "sandra.mulder1984@hotmail.com"),
                        "Vraag over inschrijving van onze dochter",
                        "Sun, 19 Feb 2023 21:33:12 +0100", t, None,
                        charset="iso-8859-1"),
        L("onbekend", "unknown", None, [],
          "a parent's question (Outlook.com) about enrolling a child "
          "('inschrijving') at a school"), crlf=True)

    n = "079-verkoper-brochure-pdf.eml"
    t = ("Geachte heer, mevrouw,\n\nGraag breng ik de interactieve schermen van "
         "DigiKlas onder uw aandacht. Tot 31 maart krijgen partnerscholen 20% "
         "korting. In de bijlage vindt u onze brochure.\n\nZullen we een "
         "afspraak maken voor een demonstratie?\n\nMet vriendelijke groet,\n"
         "Rob Verhoef\nAccountmanager onderwijs | DigiKlas Solutions")
    add(n, mail_outlook(n, ("Rob Verhoef", "r.verhoef@digiklas-solutions.nl"),
                        "Interactieve schermen voor uw partnerscholen",
                        "Tue, 7 Feb 2023 10:02:36 +0100", t, None,
                        atts=[att_outlook("Brochure DigiKlas 2023.pdf",
                                          pdf("Brochure DigiKlas 2023"))]),
        L("onbekend", "unknown", None, [],
          "a salesman with a PDF brochure: an attachment from a stranger is "
          "no bundle"), crlf=True)

    n = "080-verkeerd-adres-factuur.eml"
    t = ("Geachte heer/mevrouw,\n\nIn de bijlage treft u factuur 2023-0142 voor "
         "het drukwerk van de jaarkalender. Wij verzoeken u het bedrag binnen "
         "30 dagen over te maken.\n\nMet vriendelijke groet,\n\nAdministratie\n"
         "Drukkerij Van der Linden")
    add(n, mail_thunderbird(n, ("Drukkerij Van der Linden",
                                "administratie@drukkerijvanderlinden.nl"),
                            "Factuur 2023-0142", "Fri, 3 Mar 2023 14:00:00 +0100",
                            t, None,
                            atts=[att_thunderbird("Factuur_2023-0142.pdf",
                                                  pdf("Factuur 2023-0142"))]),
        L("onbekend", "unknown", None, [],
          "misdirected invoice with a PDF"))

    n = "081-student-aanmelding-stage.eml"
    t = ("Beste meneer/mevrouw,\n\nIk ben tweedejaars student aan de Marnix "
         "Academie en ik wil me graag aanmelden voor een stageplaats op een "
         "partnerschool in de omgeving van Zeist, het liefst vanaf februari. "
         "Bij wie moet ik daarvoor zijn?\n\nMet vriendelijke groet,\n"
         "Daan Kramer\nstudentnummer 1098765")
    add(n, mail_outlook(n, ("Daan Kramer", "1098765@student.hsmarnix.nl"),
                        "Aanmelding stage voorjaar",
                        "Mon, 21 Nov 2022 12:47:03 +0100", t, None, owa=True),
        L("onbekend", "unknown", None, [],
          "a student's 'Aanmelding stage': not a school registration for an "
          "audit"), crlf=True)

    n = "082-phishing-mailbox-vol.eml"
    t = ("Beste gebruiker,\n\nUw mailbox partnerschap@hsmarnix.nl heeft 98% "
         "van de opslaglimiet bereikt. Nieuwe berichten worden binnen 24 uur "
         "geweigerd.\n\nKlik hier om uw opslag gratis te verhogen:\n"
         "https://hsmarnix-mailbox-upgrade.web.app/login?user=partnerschap\n\n"
         "Microsoft 365 beheer")
    raw = mail_roundcube(n, ("Microsoft 365 beheer", "beheer@office365-mailadmin.com"),
                         "Uw mailbox is bijna vol",
                         "Sat, 11 Mar 2023 02:17:44 +0100", t, None)
    raw = raw.replace("User-Agent: Roundcube Webmail/1.6.1\n",
                      "X-Mailer: PHPMailer 6.6.0 (https://github.com/PHPMailer/PHPMailer)\n")
    add(n, raw, L("onbekend", "unknown", None, [],
                  "phishing ('mailbox bijna vol')"))


# ============================================ later additions (any class)

def extra():
    n = "083-outlook-mac-documenten-punten-in-bestandsnamen.eml"
    names = ["Schooldocument.OBS.De.Ruimte.pdf", "Teamverslag_De_Ruimte.docx",
             "Pre-advies-De-Ruimte.pdf"]
    t = ("Hoi,\n\nHierbij de documenten van onze vierde school voor 26 januari."
         "\n\nGroet,\nAnne")
    add(n, mail_outlook(n, BRG, "Documenten hercertificering",
                        "Wed, 4 Jan 2023 22:10:31 +0100", t, None,
                        atts=docs(names, att_outlook), charset="utf-8",
                        extra="User-Agent: Microsoft-MacOutlook/16.68.22121100\n"),
        L("documenten", "boc", "2023-01-26", ["27RM"],
          "Outlook for Mac; the school only in the file names, written with "
          "dots, underscores and hyphens ('Schooldocument.OBS.De.Ruimte.pdf')"),
        crlf=True)

    n = "084-thunderbird-aanmelding-bs-prefix-en-brin.eml"
    t = ("Beste partnerschap,\n\nVoor 28 maart meld ik bs De Klimboom (34KB) en "
         "basisschool Rehoboth aan.\n\n" + SIG_WLD)
    add(n, mail_thunderbird(n, WLD, "Aanmelding hercertificering 28 maart",
                            "Tue, 10 Jan 2023 08:44:12 +0100", t, None),
        L("aanmelding", "boc", "2023-03-28", ["32RH", "34KB"],
          "prefixes 'bs' and 'basisschool' instead of OBS/PCBS, a BRIN in "
          "brackets"))

    n = "085-gmail-documenten-brin-in-bestandsnamen.eml"
    names = ["44MT_schooldocument.pdf", "44MT_teamverslag.docx",
             "44MT_preadvies.pdf"]
    t = ("Goedemorgen,\n\nIn de bijlage de drie documenten voor de audit van "
         "1 november.\n\n" + SIG_KPH)
    add(n, mail_gmail(n, KPH, "Documenten hercertificering 44MT",
                      "Mon, 10 Oct 2022 09:03:27 +0200", t, None,
                      atts=gdocs(n, names)),
        L("documenten", "boc", "2022-11-01", ["44MT"],
          "the school only by BRIN (subject and file names)"))


# ===================================================================== main

def build():
    aanmeldingen()
    documenten()
    reflecties()
    checklists()
    vragen()
    automatisch()
    onbekend()
    extra()
    names = [m[0] for m in MAILS]
    assert len(set(names)) == len(names)
    assert [n[:3] for n in names] == ["%03d" % i for i in range(1, len(names) + 1)], \
        "numbering"


def to_bytes(raw, crlf):
    b = raw.encode("latin-1")
    if crlf:
        b = b.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return b


def write_all():
    md = os.path.join(HERE, "masterdata")
    os.makedirs(md, exist_ok=True)
    for fn, text in (("besturen.csv", BESTUREN_CSV), ("scholen.csv", SCHOLEN_CSV),
                     ("auditoren.csv", AUDITOREN_CSV),
                     ("auditdata.csv", AUDITDATA_CSV)):
        with open(os.path.join(md, fn), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    for old in os.listdir(HERE):
        if re.match(r"^\d{3}-.*\.eml$", old):
            os.unlink(os.path.join(HERE, old))
    labels = {}
    for name, raw, crlf, label in MAILS:
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(to_bytes(raw, crlf))
        labels[name] = label
    with open(os.path.join(HERE, "labels.json"), "w", encoding="utf-8",
              newline="\n") as f:
        json.dump(labels, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(HERE, "README"), "w", encoding="utf-8",
              newline="\n") as f:
        f.write(readme(labels))


def readme(labels):
    counts = {}
    for v in labels.values():
        counts[v["class"]] = counts.get(v["class"], 0) + 1
    order = ["aanmelding", "documenten", "reflectie", "checklist", "vraag",
             "automatisch", "onbekend"]
    s = README_HEAD
    s += "\nCounts: " + ", ".join("%s %d" % (c, counts.get(c, 0)) for c in order)
    s += " (%d mails).\n\nThe mails\n---------\n\n" % len(labels)
    for n in sorted(labels):
        v = labels[n]
        s += "%s\n    %s, %s, date %s, schools %s\n    %s\n" % (
            n, v["class"], v["role"], v["date"] or "null",
            " ".join(v["schools"]) or "-", v["note"])
    return s


README_HEAD = """\
hercert classification corpus
=============================

A labelled corpus for testing how hercertd classifies a mail: about eighty
mails shaped like the ones Dutch board coordinators (BOCs), auditors, the
coordinator, mail servers and strangers really send to
partnerschap@hsmarnix.nl, each with the verdict a careful human gives it.
The labels are what is right, not what the code happens to output; when the
code disagrees, the code is wrong (or the label, after discussion, never
silently).

Files
-----

    make-corpus.py      writes everything below (stdlib only, deterministic)
    NNN-*.eml           the mails (Exchange/Outlook ones with CRLF line
                        ends as on the wire, the others LF as in a Maildir;
                        some carry 8-bit ISO-8859-1: git must not convert
                        them, e.g. "*.eml binary" in a .gitattributes here)
    labels.json         {"NNN-....eml": {"class", "role", "date", "schools",
                        "note"}}
    masterdata/*.csv    the master data the labels are judged against
    README              this file (written by make-corpus.py)

Regenerate (the .eml files, labels.json, masterdata/ and this README are
generated; edit make-corpus.py, never the output):

    /usr/bin/python3 tests/data/corpus/make-corpus.py
    /usr/bin/python3 tests/data/corpus/make-corpus.py --check   # + a review aid

The test is tests/integration/test-corpus.sh: it imports masterdata/ (in the
order besturen, scholen, auditoren, auditdata), runs `hercertctl classify
--json` on every mail and compares class, role, date and schools with
labels.json; it also checks that labels.json and the .eml files match one
to one and that every class has its minimum number of mails.

    TESTS='integration/test-corpus' tests/run-tests

Master data
-----------

The example master data (examples/masterdata: boards BRG, WLD, KPH, eleven
schools, four auditors, audit dates 2022-11-01, 2023-01-26, 2023-03-28,
2023-06-22) plus traps: a fourth board LEK (Stichting Lekstroom Onderwijs,
BOC y.elidrissi@lekstroom.nl) with a second "De Regenboog" (51RB, so "De
Regenboog" from the BOC of BRG is 21HK and from the BOC of LEK is 51RB),
"OBS De Zon" (52ZN) whose name is a prefix of "CBS De Zonnebloem" (53ZB),
and two schools called "De Fontein" (54FT OBS Hagestein, 55FN CBS
Schoonhoven, so a bare "De Fontein" from the BOC of LEK is ambiguous); KPH
gets a third school (44MT RKBS Sint Maarten) and LEK an auditor (Bram Kok).
The coordinator is coordinator@hsmarnix.nl (the test sets it in the config).

Labels
------

class, one of:
  aanmelding   a BOC registers two or four schools of their board for an
               audit date (subject or body), also when the registration is
               to be rejected (other date, three schools, a school of another
               board, no date, an ambiguous name). From an unknown sender it
               is still aanmelding (role unknown).
  documenten   the bundle (schooldocument/beelddocument, verslag
               teamgesprek, pre-advies) as attachments, zips or links to
               video (OneDrive, SharePoint, YouTube, Vimeo, WeTransfer). A
               reply to our confirmation that carries files is documenten.
  reflectie    the filled-in "format reflectie audit hercertificering" per
               school, after the audit.
  checklist    an auditor's filled-in "checklist audit hercertificering",
               from an auditor's address.
  vraag        free text from a known person (BOC, auditor, coordinator)
               that is none of the above: a question, a change or
               cancellation, a reply to one of our mails without attachments
               (an inline signature logo is no attachment), a thank-you.
  automatisch  machine-written: out-of-office (with Auto-Submitted /
               X-Auto-Response-Suppress, or only in the subject), delivery
               status notifications and bounces, read receipts, mailing
               lists, newsletters, noreply notifications.
  onbekend     from an unknown sender and none of the above (spam, a
               parent, a salesman, a misdirected invoice, a student,
               phishing).

role: "boc" (From is a BOC address in besturen.csv, any case), "auditor"
(in auditoren.csv), "coordinator" (coordinator@hsmarnix.nl), else
"unknown". The role comes from the address only, whatever the class.

date: the audit date (one of auditdata.csv) the mail is about, ISO, when the
subject, body (quoted text included) or an attachment name names it. A date
without year ("do 26 jan", "26 jan.", "28-3", "22 juni") is the audit date
with that day and month; English month names count. null when no audit date
is named, when the date named is no audit date ("2 februari 2023"), and
always for automatisch and onbekend. Other dates in a mail (deadlines,
"Verzonden:" lines, "Op ... schreef", file names like "verslag 12-12-2022")
are not audit dates and are ignored; no mail names two different audit
dates.

schools: the sorted BRIN codes of the schools the mail is about, found by
BRIN or by name in the subject, the body (quoted text included) or the
attachment names (a zip's own name included). For a BOC only schools of
their own board count; for an auditor or the coordinator any board; for an
unknown sender and for automatisch/onbekend the list is empty. A name that
fits two schools of the sender's board equally is ambiguous and not
listed. Matching tolerates case, diacritics (Eben-Haezer), prefixes (OBS,
CBS, PCBS, RKBS, basisschool, bs), hyphens, underscores and dots in file
names, a curly apostrophe (\u2019t Palet), a trailing place name ("De
Regenboog Houten") and one typo (one letter wrong, missing, extra, or two
swapped) in a name of at least six letters (Wegwijzr, Wegwjizer,
Morgenstre, Zonnebleom, Regenbog, Klimbom, Rehobot). A common word is no
school name: "nog ruimte" is not OBS De Ruimte.

note: what the case tests (clients, encodings, traps).
"""


# ------------------------------------------------------------------ --check

def fold(s):
    s = unicodedata.normalize("NFKD", s.replace("\u2019", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[\s_.\-]+", " ", s)


def texts_of(path):
    import email
    import email.policy
    with open(path, "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    out = [str(m.get("Subject", ""))]
    for p in m.walk():
        fn = p.get_filename()
        if fn:
            out.append(fn)
            if fn.lower().endswith(".zip"):
                with zipfile.ZipFile(io.BytesIO(p.get_payload(decode=True))) as z:
                    out.extend(z.namelist())
        elif p.get_content_maintype() == "text":
            try:
                out.append(p.get_content())
            except Exception as e:      # noqa
                out.append("<%s>" % e)
    return out


def check():
    """Review aid: exact (folded) name/BRIN search with the board rules, and
    the date-like strings; differences are expected only where the note
    says so (typos, ambiguity, common words)."""
    schools = {}
    for row in SCHOLEN_CSV.lstrip("\ufeff").splitlines()[1:]:
        f = row.split(";")
        core = re.sub(r"^(obs|cbs|pcbs|rkbs|basisschool) ", "", fold(f[1]))
        schools[f[0]] = (core, f[3])
    boc_board = {}
    for row in BESTUREN_CSV.splitlines()[1:]:
        f = row.split(";")
        for a in f[3].split("|"):
            boc_board[a.lower()] = f[0]
    import email
    labels = {m[0]: m[3] for m in MAILS}
    for name in sorted(labels):
        lab = labels[name]
        path = os.path.join(HERE, name)
        with open(path, "rb") as fh:
            frm = email.utils.parseaddr(email.message_from_binary_file(fh)
                                        .get("From", ""))[1].lower()
        raw = "\n".join(texts_of(path))
        text = fold(raw)
        found = sorted(b for b, (core, board) in schools.items()
                       if (re.search(r"(?<!\w)%s(?!\w)" % re.escape(core), text)
                           or re.search(r"\b%s\b" % b.lower(), text))
                       and (frm not in boc_board or boc_board[frm] == board))
        if lab["role"] == "unknown" or lab["class"] in ("automatisch", "onbekend"):
            found = []
        dates = re.findall(r"\b\d{1,2} (?:jan|feb|mrt|maart|apr|mei|jun|jul|"
                           r"aug|sep|okt|nov|dec)\w*\.?(?: \d{4})?|"
                           r"\b\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?\b|"
                           r"\b\d{4}-\d\d-\d\d\b", raw.lower())
        flag = "" if found == lab["schools"] else "   <-- review"
        print("%s %s/%s date=%s\n    label %s exact %s%s\n    dates %s" % (
            name, lab["class"], lab["role"], lab["date"], lab["schools"],
            found, flag, sorted(set(dates))))


if __name__ == "__main__":
    build()
    write_all()
    if "--check" in sys.argv[1:]:
        check()

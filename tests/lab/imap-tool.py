#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""Small IMAP client for the hercert test lab (stdlib imaplib only).

  imap-tool.py [--port N] [--host H] [--password P] COMMAND ...

  append  USER FOLDER FILE.eml   append FILE (creates FOLDER if missing);
                                 prints the new UID when the server says it
  list    USER FOLDER            one line per message: UID <tab> Subject
                                 (RFC 2047 decoded)
  count   USER FOLDER            number of messages (0 if FOLDER is missing)
  fetch   USER FOLDER UID        the raw message on stdout
  folders USER                   one folder name per line

The port comes from --port or $IMAP_PORT; the password is "labpass"
(--password or $LAB_PASSWORD override it).  Folder names are written with "/" as
the hierarchy separator ("Hercert/Aanmelding") whatever the server uses;
they are translated to and from the server's separator, and non-ASCII names
are encoded as modified UTF-7.
"""

import argparse
import base64
import email
import email.header
import email.policy
import imaplib
import os
import re
import sys


def die(msg, code=1):
    print("imap-tool: " + msg, file=sys.stderr)
    sys.exit(code)


def mutf7_encode(name):
    """RFC 3501 modified UTF-7."""
    out, buf = [], []

    def flush():
        if buf:
            b = base64.b64encode("".join(buf).encode("utf-16-be"))
            out.append("&" + b.decode("ascii").rstrip("=").replace("/", ",") + "-")
            buf.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7e:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            buf.append(ch)
    flush()
    return "".join(out)


def mutf7_decode(name):
    def dec(m):
        s = m.group(1)
        if not s:
            return "&"
        s = s.replace(",", "/")
        s += "=" * (-len(s) % 4)
        return base64.b64decode(s).decode("utf-16-be")
    return re.sub(r"&([^-]*)-", dec, name)


SEP = "/"


def server_separator(m):
    """The hierarchy separator, from LIST "" "" (RFC 3501 6.3.8)."""
    typ, data = m.list('""', '""')
    if typ == "OK" and data and isinstance(data[0], bytes):
        mo = re.match(rb'^\([^)]*\) "((?:[^"\\]|\\.))"', data[0])
        if mo:
            return mo.group(1).decode().lstrip("\\")
    return "/"


def to_server(name):
    return name.replace("/", SEP) if SEP != "/" else name


def from_server(name):
    return name.replace(SEP, "/") if SEP != "/" else name


def quote(name):
    name = mutf7_encode(to_server(name))
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def check(typ, data, what):
    if typ != "OK":
        die("%s failed: %s %s" % (what, typ, b" ".join(
            d if isinstance(d, bytes) else str(d).encode() for d in data if d
        ).decode("utf-8", "replace")))
    return data


def connect(args, user):
    try:
        m = imaplib.IMAP4(args.host, args.port)
    except OSError as e:
        die("cannot connect to %s:%d: %s" % (args.host, args.port, e))
    try:
        m.login(user, args.password)
    except imaplib.IMAP4.error as e:
        die("login as %s failed: %s" % (user, e))
    return m


def select(m, folder, readonly=True):
    """Select FOLDER; return False if it does not exist."""
    typ, data = m.select(quote(folder), readonly=readonly)
    if typ != "OK":
        text = b" ".join(d for d in data if isinstance(d, bytes))
        if b"NONEXISTENT" in text or b"doesn't exist" in text.lower() or \
           b"does not exist" in text.lower():
            return False
        check(typ, data, "SELECT " + folder)
    return True


def decode_header(value):
    if value is None:
        return ""
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except Exception:
        return value


def cmd_append(m, args):
    with open(args.file, "rb") as f:
        raw = f.read()
    raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    typ, data = m.create(quote(args.folder))
    if typ != "OK":
        text = b" ".join(d for d in data if isinstance(d, bytes))
        if b"ALREADYEXISTS" not in text and b"already exists" not in text.lower():
            check(typ, data, "CREATE " + args.folder)
    m.subscribe(quote(args.folder))
    typ, data = m.append(quote(args.folder), None, None, raw)
    check(typ, data, "APPEND to " + args.folder)
    text = b" ".join(d for d in data if isinstance(d, bytes))
    mo = re.search(rb"APPENDUID \d+ (\d+)", text)
    if mo:
        print(mo.group(1).decode())


def uids(m):
    typ, data = m.uid("SEARCH", None, "ALL")
    check(typ, data, "UID SEARCH")
    return [int(x) for x in (data[0] or b"").split()]


def cmd_list(m, args):
    if not select(m, args.folder):
        return
    for uid in uids(m):
        typ, data = m.uid("FETCH", str(uid), "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        check(typ, data, "UID FETCH")
        hdr = b"".join(p[1] for p in data if isinstance(p, tuple))
        msg = email.message_from_bytes(hdr)
        subj = decode_header(msg.get("Subject"))
        subj = re.sub(r"\s*\r?\n\s*", " ", subj)
        print("%d\t%s" % (uid, subj))


def cmd_count(m, args):
    typ, data = m.status(quote(args.folder), "(MESSAGES)")
    if typ != "OK":
        print(0)
        return
    mo = re.search(rb"MESSAGES (\d+)", data[0] or b"")
    if not mo:
        die("unexpected STATUS answer: %r" % data)
    print(int(mo.group(1)))


def cmd_fetch(m, args):
    if not select(m, args.folder):
        die("no folder %s" % args.folder)
    typ, data = m.uid("FETCH", str(args.uid), "(BODY.PEEK[])")
    check(typ, data, "UID FETCH")
    parts = [p[1] for p in data if isinstance(p, tuple)]
    if not parts:
        die("no message with UID %s in %s" % (args.uid, args.folder))
    sys.stdout.buffer.write(parts[0])
    sys.stdout.buffer.flush()


LIST_RE = re.compile(rb'^\((?P<flags>[^)]*)\) (?P<sep>"(?:[^"\\]|\\.)*"|NIL) (?P<name>.*)$')


def cmd_folders(m, args):
    typ, data = m.list('""', '"*"')
    check(typ, data, "LIST")
    names = []
    it = iter(data)
    for item in it:
        if item is None:
            continue
        if isinstance(item, tuple):		# name sent as a literal
            line, name = item[0], item[1]
            mo = LIST_RE.match(line.rsplit(b" {", 1)[0] + b' ""')
        else:
            mo = LIST_RE.match(item)
            if not mo:
                die("cannot parse LIST line %r" % item)
            name = mo.group("name")
            if name.startswith(b'"'):
                name = re.sub(rb'\\(.)', rb'\1', name[1:-1])
        names.append(from_server(mutf7_decode(name.decode("utf-8", "replace"))))
    for n in sorted(names):
        print(n)


def main():
    ap = argparse.ArgumentParser(
        description="IMAP helper for the hercert test lab",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=os.environ.get("IMAP_PORT"))
    ap.add_argument("--password", default=os.environ.get("LAB_PASSWORD", "labpass"))
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("append"); p.add_argument("user"); p.add_argument("folder"); p.add_argument("file")
    p = sub.add_parser("list"); p.add_argument("user"); p.add_argument("folder")
    p = sub.add_parser("count"); p.add_argument("user"); p.add_argument("folder")
    p = sub.add_parser("fetch"); p.add_argument("user"); p.add_argument("folder"); p.add_argument("uid", type=int)
    p = sub.add_parser("folders"); p.add_argument("user")
    args = ap.parse_args()
    if not args.port:
        die("no port: give --port or set IMAP_PORT", 2)
    args.port = int(args.port)

    global SEP
    m = connect(args, args.user)
    try:
        SEP = server_separator(m)
        {"append": cmd_append, "list": cmd_list, "count": cmd_count,
         "fetch": cmd_fetch, "folders": cmd_folders}[args.cmd](m, args)
    finally:
        try:
            m.logout()
        except Exception:
            pass


if __name__ == "__main__":
    main()

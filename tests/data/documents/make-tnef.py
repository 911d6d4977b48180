#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""Write a small winmail.dat (MS-OXTNEF) with two attached files.

The first file's long name is a Windows-1252 PT_STRING8 (the message's
attOemCodepage is 1252), the second's a PT_UNICODE (UTF-16LE) string; both
also carry an 8.3 attAttachTitle, which a reader must not prefer.
Usage: make-tnef.py OUTPUT [DIR]; with DIR, the two files' bytes are also
written there as 1.bin and 2.bin for comparison.
"""

import struct
import sys

SIGNATURE = 0x223E9F78
LVL_MESSAGE, LVL_ATTACHMENT = 1, 2

ATT_TNEF_VERSION = 0x00089006
ATT_OEM_CODEPAGE = 0x00069007
ATT_MESSAGE_CLASS = 0x00078008
ATT_ATTACH_RENDDATA = 0x00069002
ATT_ATTACH_TITLE = 0x00018010
ATT_ATTACH_DATA = 0x0006800F
ATT_ATTACHMENT = 0x00069005

PT_LONG, PT_STRING8, PT_UNICODE, PT_BINARY = 0x0003, 0x001E, 0x001F, 0x0102
PR_ATTACH_EXTENSION = 0x3703
PR_ATTACH_FILENAME = 0x3704
PR_ATTACH_METHOD = 0x3705
PR_ATTACH_LONG_FILENAME = 0x3707

PDF = (b"%PDF-1.4\n% pre-advies\n1 0 obj << /Type /Catalog >> endobj\n"
       b"\x00\x01\xfe\xff binary tail\n%%EOF\n")
DOCX = b"PK\x03\x04" + bytes(range(256)) + b"Schooldocument"


def attribute(level, attr, data):
    """One attribute: level, id, length, data, 16-bit sum of the data."""
    return (struct.pack("<BII", level, attr, len(data)) + data +
            struct.pack("<H", sum(data) & 0xFFFF))


def pad4(b):
    return b + b"\x00" * (-len(b) % 4)


def prop_long(pid, value):
    return struct.pack("<II", (pid << 16) | PT_LONG, value)


def prop_var(pid, ptype, value):
    """A PT_STRING8/PT_UNICODE/PT_BINARY property: one value, padded."""
    return (struct.pack("<III", (pid << 16) | ptype, 1, len(value)) +
            pad4(value))


def mapi_props(props):
    return struct.pack("<I", len(props)) + b"".join(props)


def attachment(short, long_prop, ext, data):
    renddata = struct.pack("<HIHHI", 1, 0xFFFFFFFF, 0xFFFF, 0xFFFF, 0)
    props = mapi_props([
        prop_long(PR_ATTACH_METHOD, 1),
        prop_var(PR_ATTACH_FILENAME, PT_STRING8, short + b"\x00"),
        prop_var(PR_ATTACH_EXTENSION, PT_STRING8, ext + b"\x00"),
        long_prop,
    ])
    return (attribute(LVL_ATTACHMENT, ATT_ATTACH_RENDDATA, renddata) +
            attribute(LVL_ATTACHMENT, ATT_ATTACH_TITLE, short + b"\x00") +
            attribute(LVL_ATTACHMENT, ATT_ATTACH_DATA, data) +
            attribute(LVL_ATTACHMENT, ATT_ATTACHMENT, props))


def main():
    out = struct.pack("<IH", SIGNATURE, 0x5A3C)
    out += attribute(LVL_MESSAGE, ATT_TNEF_VERSION,
                     struct.pack("<I", 0x00010000))
    out += attribute(LVL_MESSAGE, ATT_OEM_CODEPAGE,
                     struct.pack("<II", 1252, 0))
    out += attribute(LVL_MESSAGE, ATT_MESSAGE_CLASS,
                     b"IPM.Microsoft Mail.Note\x00")
    name1 = "Pré-advies OBS De Regenboog.pdf".encode("cp1252") + b"\x00"
    out += attachment(b"PRE-AD~1.PDF",
                      prop_var(PR_ATTACH_LONG_FILENAME, PT_STRING8, name1),
                      b".pdf", PDF)
    name2 = "Schooldocument.docx".encode("utf-16-le") + b"\x00\x00"
    out += attachment(b"SCHOOL~1.DOC",
                      prop_var(PR_ATTACH_LONG_FILENAME, PT_UNICODE, name2),
                      b".docx", DOCX)
    with open(sys.argv[1], "wb") as f:
        f.write(out)
    if len(sys.argv) > 2:
        for i, data in enumerate((PDF, DOCX), 1):
            with open("%s/%d.bin" % (sys.argv[2], i), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# gen-bigmail.py TEXT.eml OUT.eml MBYTES [MESSAGE-ID]
#
# Write a registration mail of about MBYTES MiB to OUT.eml, streaming (the
# mail is never held in memory): the headers of TEXT.eml (its Message-ID
# replaced when MESSAGE-ID is given), multipart/mixed with TEXT.eml's body
# as the text/plain part, then an application/octet-stream attachment of
# pseudo-random bytes, base64 in 76-column lines, that fills the rest.
import base64
import random
import sys

src, dst, mbytes = sys.argv[1], sys.argv[2], float(sys.argv[3])
msgid = sys.argv[4] if len(sys.argv) > 4 else None
raw = open(src, "rb").read().replace(b"\r\n", b"\n")
head, body = raw.split(b"\n\n", 1)
keep = []
for line in head.split(b"\n"):
    name = line.split(b":", 1)[0].strip().lower()
    if name in (b"mime-version", b"content-type", b"content-transfer-encoding"):
        continue
    if name == b"message-id" and msgid:
        line = b"Message-ID: " + msgid.encode()
    keep.append(line)
boundary = b"=_hercert_bigmail_0f3c9a"
target = int(mbytes * 1024 * 1024)
rng = random.Random(20221205)
with open(dst, "wb") as out:
    out.write(b"\n".join(keep) + b"\n")
    out.write(b"MIME-Version: 1.0\n")
    out.write(b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\n\n')
    out.write(b"This is a multi-part message in MIME format.\n\n")
    out.write(b"--" + boundary + b"\n")
    out.write(b"Content-Type: text/plain; charset=utf-8\n")
    out.write(b"Content-Transfer-Encoding: 8bit\n\n")
    out.write(body.rstrip(b"\n") + b"\n\n")
    out.write(b"--" + boundary + b"\n")
    out.write(b"Content-Type: application/octet-stream; name=\"portfolio.bin\"\n")
    out.write(b"Content-Transfer-Encoding: base64\n")
    out.write(b"Content-Disposition: attachment; filename=\"portfolio.bin\"\n\n")
    # 57 raw bytes = one 76-column line; 1000 lines per write
    block = 57 * 1000
    while out.tell() < target:
        out.write(base64.encodebytes(rng.randbytes(block)))
    out.write(b"\n--" + boundary + b"--\n")

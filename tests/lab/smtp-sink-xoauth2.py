#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""Run the lab's SMTP sink with SASL XOAUTH2 added (LAB_OAUTH2=1).

    smtp-sink-xoauth2.py --introspect URL PATH/smtp-sink.py SINK-ARGS...

Loads smtp-sink.py unchanged and gives its handler an ``auth_XOAUTH2``
method: the initial response ``user=U^Aauth=Bearer T^A^A`` (base64) is
accepted when the token endpoint's introspection (RFC 7662, POST token=T)
says the token is active, otherwise the client gets 535.  The spooled
``auth`` field is the user; the token is never logged.
"""

import base64
import importlib.util
import json
import sys
import urllib.parse
import urllib.request

from aiosmtpd.smtp import MISSING, AuthResult, LoginPassword


def parse_xoauth2(raw):
    """b'user=U\\x01auth=Bearer T\\x01\\x01' -> (U, T) or None."""
    fields = raw.split(b"\x01")
    if len(fields) != 4 or fields[2:] != [b"", b""]:
        return None
    if not fields[0].startswith(b"user=") or \
            not fields[1].startswith(b"auth=Bearer "):
        return None
    return fields[0][5:], fields[1][12:]


def introspect(url, token):
    body = urllib.parse.urlencode({"token": token}).encode()
    try:
        with urllib.request.urlopen(url, body, timeout=10) as r:
            return json.load(r).get("active") is True
    except (OSError, ValueError):
        return False


def add_xoauth2(sink, url):
    async def auth_XOAUTH2(self, server, args):
        if len(args) == 1:
            raw = await server.challenge_auth("")
            if raw is MISSING:
                return AuthResult(success=False)
        else:
            try:
                raw = base64.b64decode(args[1].encode(), validate=True)
            except ValueError:
                await server.push("501 5.5.2 Can't decode base64")
                return AuthResult(success=False, handled=True)
        parsed = parse_xoauth2(raw)
        if parsed is None:
            await server.push("501 5.5.2 Not an XOAUTH2 response")
            return AuthResult(success=False, handled=True)
        user, token = parsed
        if not introspect(url, token.decode("ascii", "replace")):
            sink.log("XOAUTH2 for %s refused: token not active"
                     % user.decode("utf-8", "replace"))
            await server.push("535 5.7.8 Token not active")
            return AuthResult(success=False, handled=True)
        return AuthResult(success=True,
                          auth_data=LoginPassword(user, b""))

    sink.SinkHandler.auth_XOAUTH2 = auth_XOAUTH2


def main():
    if len(sys.argv) < 4 or sys.argv[1] != "--introspect":
        sys.exit("usage: smtp-sink-xoauth2.py --introspect URL "
                 "SMTP-SINK.PY ARGS...")
    url, path = sys.argv[2], sys.argv[3]
    spec = importlib.util.spec_from_file_location("smtp_sink", path)
    sink = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sink)
    add_xoauth2(sink, url)
    sys.argv = [path] + sys.argv[4:]
    sink.main()


if __name__ == "__main__":
    main()

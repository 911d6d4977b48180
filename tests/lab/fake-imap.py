#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""A hostile IMAP server for the STARTTLS tests, on loopback.

Serves connections one at a time until SIGTERM and writes every line it
receives (in the clear or after TLS) to --log, one per line, prefixed with
"C: " or "C(tls): ", so a test can assert that no LOGIN ever arrived.

  --mode inject      offers STARTTLS, then answers it with "<tag> OK" and an
                     extra untagged line in the same TCP write, before the
                     handshake (CVE-2020-15953); a client that goes on gets
                     a real TLS session (--cert/--key) that accepts LOGIN,
                     so a vulnerable client would be seen logging in
  --mode nostarttls  a plain server that does not offer STARTTLS (a
                     stripping man in the middle) and accepts LOGIN
"""

import argparse
import os
import signal
import socket
import ssl
import sys

CAPS = b"IMAP4rev1 AUTH=PLAIN"


def readline(f, log, prefix):
    line = f.readline(8192)
    if line:
        log.write("%s%s\n" % (prefix, line.decode("latin-1").rstrip("\r\n")))
        log.flush()
    return line


def session(conn, args, log, ctx):
    """One IMAP conversation, lenient: tag + command, answered OK."""
    caps = CAPS + (b" STARTTLS" if args.mode == "inject" else b"")
    conn.sendall(b"* OK [CAPABILITY " + caps + b"] fake-imap ready\r\n")
    f = conn.makefile("rb")
    prefix = "C: "
    while True:
        line = readline(f, log, prefix)
        if not line:
            return
        parts = line.split(None, 2)
        if len(parts) < 2:
            conn.sendall(b"* BAD what?\r\n")
            continue
        tag, cmd = parts[0], parts[1].upper()
        if cmd == b"CAPABILITY":
            conn.sendall(b"* CAPABILITY " + caps + b"\r\n" + tag +
                         b" OK done\r\n")
        elif cmd == b"STARTTLS" and args.mode == "inject":
            # One write: the OK and the injected line arrive together.
            conn.sendall(tag + b" OK Begin TLS negotiation now\r\n"
                         b"* CAPABILITY IMAP4rev1 AUTH=PLAIN INJECTED\r\n")
            log.write("S: sent OK + injected line\n")
            log.flush()
            try:
                conn = ctx.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError) as e:
                log.write("S: TLS handshake failed: %s\n" % e)
                log.flush()
                return
            log.write("S: TLS handshake done\n")
            log.flush()
            f = conn.makefile("rb")
            prefix = "C(tls): "
        elif cmd == b"LOGOUT":
            conn.sendall(b"* BYE bye\r\n" + tag + b" OK done\r\n")
            return
        else:
            conn.sendall(tag + b" OK done\r\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--mode", choices=("inject", "nostarttls"),
                    required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--pidfile", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    args = ap.parse_args()

    ctx = None
    if args.mode == "inject":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", args.port))
    srv.listen(4)
    with open(args.pidfile + ".tmp", "w") as p:
        p.write("%d\n" % os.getpid())
    os.rename(args.pidfile + ".tmp", args.pidfile)
    with open(args.log, "a") as log:
        while True:
            conn, _ = srv.accept()
            conn.settimeout(30)
            log.write("S: connection\n")
            log.flush()
            try:
                session(conn, args, log, ctx)
            except (OSError, ssl.SSLError) as e:
                log.write("S: %s\n" % e)
                log.flush()
            finally:
                conn.close()


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""SMTP sink for the hercert test lab (see /work/shared/TESTLAB.md).

Accepts every envelope.  Each accepted message is delivered through
Dovecot's LMTP socket -- user@lab.test (``+detail`` ignored) to that lab
user, any other address to the catch-all user ``sink`` -- and then kept as
SPOOL/<n>.eml with SPOOL/<n>.json (mail_from, rcpt_tos, peer, auth, the
lab user each recipient went to), so tests can assert on what was sent
without IMAP.  If LMTP fails the client gets 451 and nothing is spooled.

Fault injection, changed at run time without a restart: every SMTP
transaction reads the optional JSON control file (--control, default
SPOOL/../smtp-control.json; a missing file means no faults), an object with
any of

  "reject_rcpt": REGEX     RCPT for a matching recipient -> 550 5.1.1
  "tempfail_rcpt": REGEX   RCPT for a matching recipient -> 451 4.3.0
  "fail_after_data": N     the next N messages: DATA is read completely,
                           nothing is delivered or spooled, reply 451 4.3.0
  "drop_after_data": N     the next N messages: DATA is read completely,
                           nothing is delivered or spooled, the connection
                           is closed without a reply

(REGEX: Python re.search on the bare address, case-insensitive; reject_rcpt
wins over tempfail_rcpt; fail_after_data is used up before drop_after_data.)
The counters are decremented in the file (written atomically), so a test
sees how many are left.  Every injected fault is logged as a "fault:" line.

Runs in the foreground; writes --pidfile; exits on SIGTERM/SIGINT.
With --tls-cert/--tls-key it offers STARTTLS, with --smtps as well it
speaks implicit TLS (smtps://) instead.
Must run under /usr/bin/python3 (Debian's python3-aiosmtpd).
"""

import argparse
import asyncio
import json
import os
import re
import signal
import ssl
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

LAB_DOMAIN = "lab.test"
CATCH_ALL = "sink"


def log(msg):
    print(time.strftime("%Y-%m-%dT%H:%M:%S"), msg, file=sys.stderr, flush=True)


def read_users(passwd):
    users = set()
    with open(passwd, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                users.add(line.split(":", 1)[0].lower())
    return users


def bare_address(addr):
    addr = addr.strip()
    if addr.startswith("<") and addr.endswith(">"):
        addr = addr[1:-1]
    return addr


def lab_user(rcpt, users):
    """Map an envelope recipient to the lab user it is delivered to."""
    addr = bare_address(rcpt)
    local, at, domain = addr.rpartition("@")
    if at and domain.lower() == LAB_DOMAIN:
        local = local.split("+", 1)[0].lower()
        if local in users:
            return local
    return CATCH_ALL


def to_crlf(data):
    """Normalise line ends to CRLF and dot-stuff for the DATA phase."""
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    out = bytearray()
    for line in lines:
        if line.startswith(b"."):
            out += b"."
        out += line + b"\r\n"
    return bytes(out)


def accept_any_auth(server, session, envelope, mechanism, auth_data):
    """A sink: every AUTH succeeds; the login is recorded in <n>.json."""
    return AuthResult(success=True, auth_data=auth_data)


def auth_user(session):
    data = getattr(session, "auth_data", None)
    if isinstance(data, LoginPassword):
        return data.login.decode("utf-8", "replace")
    return None if data is None else repr(data)


class LMTPError(Exception):
    pass


async def lmtp_reply(reader):
    """Read one (possibly multi-line) reply; return (code, text)."""
    lines = []
    while True:
        line = await reader.readline()
        if not line:
            raise LMTPError("LMTP server closed the connection")
        line = line.decode("utf-8", "replace").rstrip("\r\n")
        lines.append(line)
        if len(line) < 4 or line[3] != "-":
            break
    try:
        code = int(lines[-1][:3])
    except ValueError:
        raise LMTPError("bad LMTP reply: %r" % lines[-1])
    return code, "\n".join(lines)


async def lmtp_deliver(socket_path, mail_from, user, data, timeout=30):
    """One LMTP transaction delivering DATA to one lab user."""
    reader, writer = await asyncio.wait_for(
        asyncio.open_unix_connection(socket_path), timeout)
    try:
        async def cmd(line, want):
            if line is not None:
                writer.write(line.encode("utf-8") + b"\r\n")
                await writer.drain()
            code, text = await asyncio.wait_for(lmtp_reply(reader), timeout)
            if code not in want:
                raise LMTPError("%s -> %s" % (line or "greeting", text))
            return text

        await cmd(None, (220,))
        await cmd("LHLO smtp-sink.lab.test", (250,))
        await cmd("MAIL FROM:<%s>" % bare_address(mail_from or ""), (250,))
        await cmd("RCPT TO:<%s@%s>" % (user, LAB_DOMAIN), (250, 251))
        await cmd("DATA", (354,))
        writer.write(to_crlf(data) + b".\r\n")
        await writer.drain()
        # LMTP answers once per accepted recipient; there is exactly one.
        code, text = await asyncio.wait_for(lmtp_reply(reader), timeout)
        if code != 250:
            raise LMTPError("after DATA -> %s" % text)
        writer.write(b"QUIT\r\n")
        await writer.drain()
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except Exception:
            pass


CONTROL_KEYS = ("reject_rcpt", "tempfail_rcpt", "fail_after_data",
                "drop_after_data")


def message_id_of(data):
    """The Message-ID header of raw message bytes (for the log), or '-'."""
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    m = re.search(rb"(?im)^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)", head)
    if not m:
        return "-"
    return " ".join(m.group(1).decode("utf-8", "replace").split()) or "-"


class SinkHandler:
    def __init__(self, spool, lmtp, users, control=None):
        self.spool = spool
        self.lmtp = lmtp
        self.users = users
        self.control = control
        self.lock = asyncio.Lock()

    def _read_control(self):
        """The control file as a dict; {} when absent or unusable."""
        if not self.control:
            return {}
        try:
            with open(self.control, encoding="utf-8") as f:
                ctl = json.load(f)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as e:
            log("control file %s ignored: %s" % (self.control, e))
            return {}
        if not isinstance(ctl, dict):
            log("control file %s ignored: not a JSON object" % self.control)
            return {}
        for k in ctl:
            if k not in CONTROL_KEYS:
                log("control file %s: unknown key %r ignored"
                    % (self.control, k))
        return ctl

    def _rcpt_matches(self, ctl, key, addr):
        pattern = ctl.get(key)
        if not pattern:
            return False
        try:
            return re.search(pattern, addr, re.IGNORECASE) is not None
        except re.error as e:
            log("control file %s: %s: bad regex %r: %s"
                % (self.control, key, pattern, e))
            return False

    def _take_data_fault(self):
        """Use up one fail_after_data/drop_after_data; the mode or None."""
        ctl = self._read_control()
        for key in ("fail_after_data", "drop_after_data"):
            try:
                n = int(ctl.get(key) or 0)
            except (TypeError, ValueError):
                log("control file %s: %s is not a number" % (self.control, key))
                continue
            if n > 0:
                ctl[key] = n - 1
                self._write(self.control,
                            (json.dumps(ctl, indent=1) + "\n").encode("utf-8"))
                return key
        return None

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        ctl = self._read_control()
        addr = bare_address(address)
        if self._rcpt_matches(ctl, "reject_rcpt", addr):
            log("fault: reject_rcpt: 550 for <%s>" % addr)
            return "550 5.1.1 <%s>: Recipient address rejected: " \
                   "User unknown (sink reject_rcpt)" % addr
        if self._rcpt_matches(ctl, "tempfail_rcpt", addr):
            log("fault: tempfail_rcpt: 451 for <%s>" % addr)
            return "451 4.3.0 <%s>: Recipient address temporarily " \
                   "unavailable (sink tempfail_rcpt)" % addr
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    def _next_id(self):
        n = 0
        for name in os.listdir(self.spool):
            stem, _, ext = name.partition(".")
            if ext in ("eml", "json") and stem.isdigit():
                n = max(n, int(stem))
        return n + 1

    def _write(self, path, data):
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, path)

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        rcpts = list(envelope.rcpt_tos)
        async with self.lock:
            fault = self._take_data_fault()
        if fault is not None:
            what = ("451 4.3.0" if fault == "fail_after_data"
                    else "connection closed without a reply")
            log("fault: %s: %s after DATA (%d bytes read, not delivered): "
                "from=<%s> to=%s message-id=%s"
                % (fault, what, len(data), envelope.mail_from,
                   ",".join(rcpts), message_id_of(data)))
            if fault == "fail_after_data":
                return "451 4.3.0 Message not accepted, try again later " \
                       "(sink fail_after_data)"
            # Close the connection; aiosmtpd cancels this handler when
            # connection_lost() arrives, so no reply is ever written.
            server.transport.close()
            await asyncio.sleep(60)
            return "421 4.3.0 (not reached)"
        by_user = {}
        for r in rcpts:
            by_user.setdefault(lab_user(r, self.users), []).append(r)
        try:
            for user in by_user:
                await lmtp_deliver(self.lmtp, envelope.mail_from, user, data)
        except (OSError, LMTPError, asyncio.TimeoutError) as e:
            log("LMTP delivery failed (%s): %s" % (type(e).__name__, e))
            return "451 4.3.0 LMTP delivery failed: %s" % str(e).splitlines()[0][:200]

        async with self.lock:
            n = self._next_id()
            meta = {
                "id": n,
                "mail_from": envelope.mail_from,
                "rcpt_tos": rcpts,
                "delivered_to": {u: rs for u, rs in by_user.items()},
                "peer": list(session.peer) if isinstance(session.peer, tuple)
                        else session.peer,
                "helo": session.host_name,
                "auth": auth_user(session),
                "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "size": len(data),
            }
            base = os.path.join(self.spool, str(n))
            # json first: once <n>.eml exists, its envelope exists too.
            self._write(base + ".json",
                        (json.dumps(meta, indent=1) + "\n").encode("utf-8"))
            self._write(base + ".eml", data)
        log("accepted %d: from=<%s> to=%s users=%s"
            % (n, envelope.mail_from, ",".join(rcpts), ",".join(by_user)))
        return "250 2.0.0 OK queued as %d" % n


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--spool", required=True)
    ap.add_argument("--lmtp", required=True, help="Dovecot LMTP unix socket")
    ap.add_argument("--passwd", required=True, help="the lab's passwd-file")
    ap.add_argument("--pidfile")
    ap.add_argument("--control",
                    help="JSON fault-injection file, read on every "
                    "transaction (default: SPOOL/../smtp-control.json)")
    ap.add_argument("--tls-cert", help="offer STARTTLS with this cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--smtps", action="store_true",
                    help="implicit TLS (smtps://) instead of STARTTLS")
    args = ap.parse_args()

    tls = None
    if args.tls_cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.tls_cert, args.tls_key)

    os.makedirs(args.spool, exist_ok=True)
    control = args.control or os.path.join(
        os.path.dirname(os.path.abspath(args.spool)), "smtp-control.json")
    handler = SinkHandler(args.spool, args.lmtp, read_users(args.passwd),
                          control)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(1))

    def factory():
        return SMTP(handler, hostname="smtp-sink.lab.test",
                    data_size_limit=64 * 1024 * 1024, enable_SMTPUTF8=True,
                    authenticator=accept_any_auth,
                    auth_require_tls=False, auth_required=False,
                    tls_context=None if args.smtps else tls)

    server = loop.run_until_complete(
        loop.create_server(factory, host=args.host, port=args.port,
                           reuse_address=True,
                           ssl=tls if args.smtps else None))
    if args.pidfile:
        tmp = args.pidfile + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % os.getpid())
        os.rename(tmp, args.pidfile)
    log("listening on %s:%d, spool %s, lmtp %s, control %s"
        % (args.host, args.port, args.spool, args.lmtp, control))
    try:
        loop.run_until_complete(stop)
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        if args.pidfile:
            try:
                os.unlink(args.pidfile)
            except OSError:
                pass
        loop.close()
        log("stopped")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""OAuth 2.0 token and introspection endpoint for the hercert test lab.

  POST /token       RFC 6749: grant_type=refresh_token or client_credentials,
                    client_id and client_secret in the form (client_secret_post).
                    Issues random access tokens valid for --expires-in seconds
                    and rotates the refresh token on every refresh grant (only
                    the newest one is accepted afterwards).
  POST /introspect  RFC 7662, for Dovecot's oauth2 passdb (introspection_mode
                    = post): form token=... -> {"active": true, "username":
                    USER, ...} while the token lives, else {"active": false}.
  GET  /stats       {"issued": N, "refreshed": N, "introspected": N,
                    "refresh_token": CURRENT, "expires_in": N, ...}.
  POST /control     test knobs, form fields: expires_in=N (advertised
                    lifetime of new tokens), lifetime=N (their real lifetime;
                    default: expires_in), expire_all=1 (every issued access
                    token dies now), dead_next=N (the next N tokens are
                    issued already dead, as if revoked), fail=ERROR (refuse
                    grants with ERROR; empty: stop refusing).

Plain HTTP on 127.0.0.1; /usr/bin/python3, stdlib only.  Writes --pidfile
once listening; exits on SIGTERM/SIGINT.
"""

import argparse
import json
import os
import secrets
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MAX_BODY = 64 * 1024


def log(msg):
    print(time.strftime("%Y-%m-%dT%H:%M:%S"), msg, file=sys.stderr, flush=True)


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.client_id = args.client_id
        self.client_secret = args.client_secret
        self.username = args.username
        self.refresh_token = args.refresh_token
        self.expires_in = args.expires_in
        self.lifetime = None
        self.fail = ""
        self.dead_next = 0
        self.tokens = {}        # access token -> deadline (time.time())
        self.issued = 0
        self.refreshed = 0
        self.introspected = 0
        self.rejected = 0

    def stats(self):
        return {"issued": self.issued, "refreshed": self.refreshed,
                "introspected": self.introspected, "rejected": self.rejected,
                "refresh_token": self.refresh_token,
                "expires_in": self.expires_in, "lifetime": self.lifetime,
                "dead_next": self.dead_next,
                "live": sum(1 for d in self.tokens.values()
                            if d > time.time())}

    def grant(self, form):
        """Return (http status, reply dict) for a /token request."""
        def one(name):
            v = form.get(name, [])
            return v[0] if len(v) == 1 else None

        if one("client_id") != self.client_id or (
                self.client_secret is not None and
                one("client_secret") != self.client_secret):
            return 401, {"error": "invalid_client",
                         "error_description": "unknown client or bad secret"}
        if self.fail:
            return 400, {"error": self.fail,
                         "error_description": "refused by /control"}
        grant = one("grant_type")
        reply = {}
        if grant == "refresh_token":
            if one("refresh_token") != self.refresh_token:
                return 400, {"error": "invalid_grant",
                             "error_description":
                             "AADSTS70008: refresh token unknown or rotated",
                             "error_codes": [70008]}
            self.refresh_token = "rt-" + secrets.token_urlsafe(24)
            self.refreshed += 1
            reply["refresh_token"] = self.refresh_token
        elif grant != "client_credentials":
            return 400, {"error": "unsupported_grant_type"}
        token = "at-" + secrets.token_urlsafe(24)
        lifetime = self.expires_in if self.lifetime is None else self.lifetime
        if self.dead_next > 0:
            self.dead_next -= 1
            lifetime = 0
        self.tokens[token] = time.time() + lifetime
        self.issued += 1
        reply.update({"token_type": "Bearer", "access_token": token,
                      "expires_in": self.expires_in,
                      "ext_expires_in": self.expires_in,
                      "scope": one("scope") or ""})
        return 200, reply

    def introspect(self, token):
        self.introspected += 1
        deadline = self.tokens.get(token or "")
        if deadline is None or deadline <= time.time():
            self.rejected += 1
            return {"active": False}
        return {"active": True, "username": self.username,
                "client_id": self.client_id, "token_type": "Bearer",
                "exp": int(deadline)}

    def control(self, form):
        if "expires_in" in form:
            self.expires_in = int(form["expires_in"][0])
        if "lifetime" in form:
            v = form["lifetime"][0]
            self.lifetime = None if v == "" else int(v)
        if form.get("expire_all", [""])[0] == "1":
            for t in self.tokens:
                self.tokens[t] = 0
        if "dead_next" in form:
            self.dead_next = int(form["dead_next"][0])
        if "fail" in form:
            self.fail = form["fail"][0]
        return self.stats()


class Handler(BaseHTTPRequestHandler):
    server_version = "hercert-lab-oauth2/1"

    def log_message(self, fmt, *args):
        log("%s %s" % (self.address_string(), fmt % args))

    def reply(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def form(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            return None
        raw = self.rfile.read(n).decode("utf-8", "replace")
        return parse_qs(raw, keep_blank_values=True)

    def do_GET(self):
        url = urlsplit(self.path)
        st = self.server.state
        with st.lock:
            if url.path == "/stats":
                return self.reply(200, st.stats())
            if url.path == "/introspect":
                token = parse_qs(url.query).get("token", [""])[0]
                return self.reply(200, st.introspect(token))
        self.reply(404, {"error": "not_found"})

    def do_POST(self):
        url = urlsplit(self.path)
        st = self.server.state
        form = self.form()
        if form is None:
            return self.reply(413, {"error": "invalid_request"})
        with st.lock:
            if url.path == "/token":
                status, obj = st.grant(form)
                log("token: grant=%s -> %d %s" % (
                    form.get("grant_type", ["-"])[0], status,
                    obj.get("error", "issued")))
                return self.reply(status, obj)
            if url.path == "/introspect":
                obj = st.introspect(form.get("token", [""])[0])
                log("introspect -> active=%s" % obj["active"])
                return self.reply(200, obj)
            if url.path == "/control":
                return self.reply(200, st.control(form))
        self.reply(404, {"error": "not_found"})


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--client-id", required=True)
    ap.add_argument("--client-secret-file")
    ap.add_argument("--refresh-token-file", required=True,
                    help="the first refresh token the server accepts")
    ap.add_argument("--username", required=True,
                    help="the user every live token belongs to")
    ap.add_argument("--expires-in", type=int, default=3600)
    ap.add_argument("--pidfile")
    args = ap.parse_args()

    def first_line(path):
        with open(path, encoding="utf-8") as f:
            return f.readline().strip()

    args.client_secret = (first_line(args.client_secret_file)
                          if args.client_secret_file else None)
    args.refresh_token = first_line(args.refresh_token_file)

    httpd = ThreadingHTTPServer((args.host, args.port), Handler)
    httpd.daemon_threads = True
    httpd.state = State(args)

    def stop(*_):
        threading.Thread(target=httpd.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    if args.pidfile:
        tmp = args.pidfile + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % os.getpid())
        os.rename(tmp, args.pidfile)
    log("listening on http://%s:%d (token, introspect, stats, control)"
        % (args.host, args.port))
    httpd.serve_forever()
    httpd.server_close()
    log("stopped")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# A stand-in for systemd's notification socket: receives sd_notify(3)
# datagrams on a unix socket and appends each to a file, one per line.
# usage: notify-listener.py SOCKET OUTFILE
import os
import signal
import socket
import sys

path, out = sys.argv[1], sys.argv[2]
try:
    os.unlink(path)
except FileNotFoundError:
    pass
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
with open(out, "a", buffering=1) as f:
    while True:
        data = sock.recv(4096).decode("utf-8", "replace")
        for line in data.splitlines():
            f.write(line + "\n")

# SPDX-License-Identifier: Apache-2.0
"""Start `kizashi serve` on a free loopback port for a test, and talk to it.

    with Daemon(kizashi, db) as d:
        status, headers, body = d.get("/api/v1/indicators", token=t)

The daemon is stopped (SIGTERM, then SIGKILL) when the block ends, also on
failure, and must then exit 0 (a graceful shutdown; under ASan, no leak)
with no sanitizer report on its stderr (under TSan a data race is reported
there, and with halt_on_error=1 the daemon dies at once); every test keeps
its store in its own temporary directory. The daemon's stderr goes to a
file, so a long report cannot fill a pipe and stall it.
"""
import json
import os
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

# What a sanitizer prints when it finds something (ASan, LSan, UBSan, TSan).
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "WARNING: ThreadSanitizer", "ThreadSanitizer: reported")


def run(kizashi, *args, stdin=None, check=True):
    p = subprocess.run([kizashi] + list(args), input=stdin, capture_output=True, timeout=60)
    if check and p.returncode != 0:
        raise AssertionError("kizashi %s: exit %d: %s" % (" ".join(args), p.returncode,
                                                          p.stderr.decode()))
    return p.stdout.decode()


def token(kizashi, db, name, role, tlp, *extra):
    return run(kizashi, "token", "create", "--db", db, "--name", name, "--role", role,
               "--tlp-max", tlp, *extra).strip()


class Daemon:
    def __init__(self, kizashi, db, *extra):
        self.kizashi = kizashi
        self.db = db
        self.extra = list(extra)
        self.dir = tempfile.mkdtemp(prefix="ksz-srv-")
        self.proc = None
        self.port = None

    def __enter__(self):
        port_file = os.path.join(self.dir, "port")
        self.log = os.path.join(self.dir, "access.log")
        self.errfile = open(os.path.join(self.dir, "stderr"), "w+b")
        self.proc = subprocess.Popen(
            [self.kizashi, "serve", "--db", self.db, "--listen", "127.0.0.1:0",
             "--port-file", port_file, "--access-log", self.log, "--quiet"] + self.extra,
            stdout=subprocess.DEVNULL, stderr=self.errfile)
        deadline = time.time() + 10
        while time.time() < deadline:
            if os.path.exists(port_file):
                self.port = int(open(port_file).read())
                break
            if self.proc.poll() is not None:
                raise AssertionError("serve exited: %s" % self.stderr())
            time.sleep(0.02)
        if self.port is None:
            self.stop()
            raise AssertionError("serve did not start")
        self.base = "http://127.0.0.1:%d" % self.port
        return self

    def stderr(self):
        """What the daemon has written to stderr so far."""
        self.errfile.seek(0)
        return self.errfile.read().decode(errors="replace")

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.proc.returncode

    def __exit__(self, exc_type, *exc):
        code = self.stop()
        err = self.stderr()
        self.errfile.close()
        report = any(m in err for m in SANITIZER_MARKS)
        if exc_type is not None:
            # the test failed already; a sanitizer report is likely why
            # (a daemon halted by TSan drops the connection)
            if report or code not in (0, None):
                print("serve exited with status %s; its stderr:\n%s" % (code, err[-8000:]))
            return False
        if code != 0 or report:
            # a clean shutdown is part of the contract: under ASan a leak
            # found at exit makes the status non-zero too, and under TSan
            # a race reported at any time fails the test
            raise AssertionError("serve exited with status %s after SIGTERM: %s"
                                 % (code, err[-8000:]))
        return False

    def request(self, method, path, token=None, body=None, headers=None):
        h = dict(headers or {})
        if token is not None:
            h["Authorization"] = "Bearer " + token
        data = body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def get(self, path, token=None, headers=None):
        return self.request("GET", path, token, None, headers)

    def post(self, path, token=None, body="", headers=None):
        return self.request("POST", path, token, body, headers)

    def json(self, method, path, token=None, body=None, headers=None, expect=200):
        status, hdrs, raw = self.request(method, path, token, body, headers)
        if status != expect:
            raise AssertionError("%s %s: expected %d, got %d: %s" % (method, path, expect,
                                                                    status, raw[:300]))
        return json.loads(raw) if raw else None


class Checks:
    """Collects failures so that one run reports them all."""

    def __init__(self):
        self.failed = []
        self.n = 0

    def ok(self, cond, what):
        self.n += 1
        if not cond:
            self.failed.append(what)
            print("FAIL:", what)

    def done(self):
        print("%d checks, %d failed" % (self.n, len(self.failed)))
        return 1 if self.failed else 0

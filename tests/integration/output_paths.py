#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""What the commands that take an output path do with it.

    output_paths.py KIZASHI

`kizashi export --output`, `kizashi export --to TARGET -o` and
`kizashi compile -o` write a regular file (or a new path) under a temporary
name and rename it into place: a failed run leaves the old file as it was and
no temporary file behind, and the file keeps its permissions. A path that
exists and is not a regular file (a FIFO here; a terminal, a pipe) is opened
and written as it is, never replaced; /proc/self/fd/1 (or /dev/stdout) is
the command's own standard output, appended to when the shell says >>. A
symbolic link stays a link: its target gets the bytes, also when the target
does not exist yet.

No case writes under /dev: a regression would replace the machine's
/dev/null or /dev/stdout.
"""
import os
import resource
import signal
import stat
import subprocess
import sys
import tempfile

NOW = "2025-01-01T00:00:00Z"
CSV = "".join(["value,type,confidence,tlp,valid_from,valid_until,source\n"] +
              ["198.51.%d.%d,ipv4,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,feedA\n"
               % (i // 250, i % 250 + 1) for i in range(6000)] +
              ["evil-%d.xyz,domain,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,feedA\n"
               % i for i in range(3000)])

# The largest file a failing run may write: above the 32 KiB that SQLite's
# shared-memory file takes when the store is opened, below the outputs.
LIMIT = 40000

problems = []


def fail(msg):
    problems.append(msg)
    print("FAIL: " + msg)


class Kizashi:
    def __init__(self, exe, tmp):
        self.exe, self.tmp = exe, tmp
        self.db = os.path.join(tmp, "k.db")

    def argv(self, cmd, out):
        """The command line that writes cmd's output to the path out."""
        db = ["--db", self.db]
        if cmd == "export":
            return [self.exe, "export"] + db + ["--now", NOW, "--format", "plain",
                                                "--output", out]
        if cmd == "export-to":
            return [self.exe, "export"] + db + ["--now", NOW, "--to", "plain", "-o", out]
        if cmd == "export-dir":  # out is DIR/edl-domain.txt
            return [self.exe, "export"] + db + ["--now", NOW, "--to", "edl", "-o",
                                                os.path.dirname(out)]
        assert cmd == "compile"
        return [self.exe, "compile"] + db + ["--now", "1735689600", "-o", out]

    def run(self, argv, limit=None):
        def set_limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it: EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        return subprocess.run(argv, capture_output=True, timeout=60, cwd=self.tmp,
                              preexec_fn=set_limit if limit is not None else None)

    def output(self, cmd):
        """The bytes cmd writes to a new regular file."""
        path = os.path.join(tempfile.mkdtemp(dir=self.tmp, prefix="want-"), out_name(cmd))
        p = self.run(self.argv(cmd, path))
        if p.returncode != 0:
            sys.exit("%s to a new file: exit %d\n%s" % (cmd, p.returncode, p.stderr.decode()))
        with open(path, "rb") as f:
            return f.read()


def out_name(cmd):
    return "edl-domain.txt" if cmd == "export-dir" else "out"


def leftovers(d, keep):
    """What is in d but is neither in keep nor a file the command writes."""
    outputs = {"out", "edl-ip.txt", "edl-domain.txt", "edl-url.txt"}
    return sorted(n for n in os.listdir(d) if n not in keep and n not in outputs)


def snapshot_ok(kz, data, where):
    path = os.path.join(kz.tmp, "check.snap")
    with open(path, "wb") as f:
        f.write(data)
    p = kz.run([kz.exe, "compile", "--verify", path])
    if p.returncode != 0 or b"indicators 9000" not in p.stdout:
        fail("%s: the snapshot does not verify: %s" % (where, (p.stdout + p.stderr).decode()))


def to_fifo(kz, cmd, want):
    """The reader of a FIFO gets the whole output; the FIFO stays a FIFO."""
    d = tempfile.mkdtemp(dir=kz.tmp, prefix="fifo-")
    fifo = os.path.join(d, out_name(cmd))
    got = os.path.join(kz.tmp, "fifo-got")
    os.mkfifo(fifo)
    with open(got, "wb") as sink:
        reader = subprocess.Popen(["cat", fifo], stdout=sink)
    p = kz.run(kz.argv(cmd, fifo))
    try:
        reader.wait(timeout=10)
    except subprocess.TimeoutExpired:
        reader.kill()
        reader.wait()
    where = "%s -o FIFO" % cmd
    if p.returncode != 0:
        fail("%s: exit %d: %s" % (where, p.returncode, p.stderr.decode()))
    if not stat.S_ISFIFO(os.lstat(fifo).st_mode):
        fail("%s: the FIFO was replaced by a %s" % (where, "regular file" if os.path.isfile(
            fifo) else "something else"))
        os.unlink(fifo)
    with open(got, "rb") as f:
        data = f.read()
    if cmd == "compile":
        snapshot_ok(kz, data, where)
    elif data != want:
        fail("%s: the reader got %d bytes, want %d" % (where, len(data), len(want)))
    if leftovers(d, set()):
        fail("%s: left behind %s" % (where, leftovers(d, set())))


def to_symlink(kz, cmd, want, dangling):
    """A link to a regular file (or to a path not yet there) stays a link."""
    d = tempfile.mkdtemp(dir=kz.tmp, prefix="link-")
    os.mkdir(os.path.join(d, "real"))
    target = os.path.join(d, "real", "target")
    link = os.path.join(d, out_name(cmd))
    if not dangling:
        with open(target, "wb") as f:
            f.write(b"old\n")
        os.chmod(target, 0o640)
    os.symlink(os.path.join("real", "target"), link)
    p = kz.run(kz.argv(cmd, link))
    where = "%s -o %s" % (cmd, "a dangling link" if dangling else "a link")
    if p.returncode != 0:
        fail("%s: exit %d: %s" % (where, p.returncode, p.stderr.decode()))
    if not os.path.islink(link):
        fail("%s: the link was replaced" % where)
        return
    if not os.path.isfile(target):
        fail("%s: the target was not written" % where)
        return
    with open(target, "rb") as f:
        data = f.read()
    if cmd == "compile":
        snapshot_ok(kz, data, where)
    elif data != want:
        fail("%s: the target holds %d bytes, want %d" % (where, len(data), len(want)))
    if not dangling and stat.S_IMODE(os.stat(target).st_mode) != 0o640:
        fail("%s: the target's mode went from 0640 to %o" % (
            where, stat.S_IMODE(os.stat(target).st_mode)))
    for sub, keep in ((d, {"real"}), (os.path.join(d, "real"), {"target"})):
        if leftovers(sub, keep):
            fail("%s: left behind %s" % (where, leftovers(sub, keep)))


def failed_write(kz, cmd):
    """A write that fails half-way leaves the old file whole and no temporary."""
    d = tempfile.mkdtemp(dir=kz.tmp, prefix="fail-")
    out = os.path.join(d, out_name(cmd))
    with open(out, "wb") as f:
        f.write(b"old\n")
    p = kz.run(kz.argv(cmd, out), limit=LIMIT)
    where = "%s -o FILE, a write failing past %d bytes" % (cmd, LIMIT)
    if p.returncode == 0:
        fail("%s: exit 0" % where)
    with open(out, "rb") as f:
        data = f.read()
    if data != b"old\n":
        fail("%s: the old file became %d other bytes" % (where, len(data)))
    if leftovers(d, set()):
        fail("%s: left behind %s" % (where, leftovers(d, set())))


def keeps_mode(kz, cmd, want):
    d = tempfile.mkdtemp(dir=kz.tmp, prefix="mode-")
    out = os.path.join(d, out_name(cmd))
    with open(out, "wb") as f:
        f.write(b"old\n")
    os.chmod(out, 0o640)
    p = kz.run(kz.argv(cmd, out))
    where = "%s -o FILE" % cmd
    if p.returncode != 0:
        fail("%s: exit %d: %s" % (where, p.returncode, p.stderr.decode()))
    if stat.S_IMODE(os.stat(out).st_mode) != 0o640:
        fail("%s: the file's mode went from 0640 to %o" % (where,
                                                          stat.S_IMODE(os.stat(out).st_mode)))
    if cmd != "compile":
        with open(out, "rb") as f:
            if f.read() != want:
                fail("%s: the file does not hold the output" % where)


def to_own_stdout(kz, cmd, want):
    """-o /proc/self/fd/1 is the command's standard output, here a file opened
    for appending: the output goes after what the file holds. (Not
    /dev/stdout: a regression could rename over the link in /dev; nothing can
    be created in /proc.)"""
    d = tempfile.mkdtemp(dir=kz.tmp, prefix="stdout-")
    out = os.path.join(d, "out")
    with open(out, "wb") as f:
        f.write(b"head\n")
    with open(out, "ab") as f:
        p = subprocess.run(kz.argv(cmd, "/proc/self/fd/1"), stdout=f, stderr=subprocess.PIPE,
                           timeout=60, cwd=kz.tmp)
    where = "%s -o /proc/self/fd/1, appending to a file" % cmd
    if p.returncode != 0:
        fail("%s: exit %d: %s" % (where, p.returncode, p.stderr.decode()))
    with open(out, "rb") as f:
        data = f.read()
    if not data.startswith(b"head\n"):
        fail("%s: what the file held is gone" % where)
    elif cmd == "compile":
        snapshot_ok(kz, data[5:], where)
    elif data[5:] != want:
        fail("%s: %d bytes after it, want %d" % (where, len(data) - 5, len(want)))
    if leftovers(d, set()):
        fail("%s: left behind %s" % (where, leftovers(d, set())))


def main():
    exe = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="ksz-out-") as tmp:
        kz = Kizashi(exe, tmp)
        csv = os.path.join(tmp, "in.csv")
        with open(csv, "w") as f:
            f.write(CSV)
        p = kz.run([exe, "import", "--db", kz.db, "--now", NOW, "--format", "csv", csv])
        if p.returncode != 0:
            sys.exit("import: exit %d\n%s" % (p.returncode, p.stderr.decode()))
        cmds = ("export", "export-to", "export-dir", "compile")
        want = {cmd: kz.output(cmd) for cmd in cmds}
        if min(len(want["export"]), len(want["export-to"])) < 2 * LIMIT:
            sys.exit("the exports are too small to fail past %d bytes" % LIMIT)
        for cmd in cmds:
            to_fifo(kz, cmd, want[cmd])
            to_symlink(kz, cmd, want[cmd], dangling=False)
            to_symlink(kz, cmd, want[cmd], dangling=True)
            failed_write(kz, cmd)
            keeps_mode(kz, cmd, want[cmd])
            if cmd != "export-dir":
                to_own_stdout(kz, cmd, want[cmd])
    if problems:
        print("%d problem(s)" % len(problems))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

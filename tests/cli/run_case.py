#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Run one data-driven CLI case: tests/cli/cases/<cmd>/NNN-name.t

A case file is made of sections, each opened by a line "--- NAME":
    --- args           the command line after `kizashi` (shell-quoted)
    --- stdin          bytes fed on standard input (optional)
    --- stdout         the exact expected standard output (optional)
    --- stdout-contains  lines that must each appear in stdout (optional)
    --- stderr-contains  lines that must each appear in stderr (optional)
    --- exit           the expected exit status (default 0)
    --- files          "NAME" lines followed by content up to the next
                       "+++ NAME" or section: files created in the temp dir
    --- setup          kizashi command lines (without "kizashi") run first, in
                       order, after the files are made; each must exit 0 (for
                       cases that need a store filled by import, revoke, ...)
Text before the first section is a comment. In args, @DATA@ is tests/data,
@SHARED@ the shared reference data, @TMP@ the case's temporary directory
(also the working directory). A section's final newline is kept.
"""
import os
import shlex
import subprocess
import sys
import tempfile


def parse(path):
    sections, name, buf = {}, None, []
    with open(path, "rb") as f:
        for raw in f.read().split(b"\n")[:-1]:
            if raw.startswith(b"--- "):
                if name is not None:
                    sections[name] = b"\n".join(buf) + (b"\n" if buf else b"")
                name, buf = raw[4:].decode().strip(), []
            elif name is not None:
                buf.append(raw)
    if name is not None:
        sections[name] = b"\n".join(buf) + (b"\n" if buf else b"")
    return sections


def main():
    exe, case = sys.argv[1], sys.argv[2]
    s = parse(case)
    with tempfile.TemporaryDirectory(prefix="ksz-cli-") as tmp:
        subst = {"@DATA@": os.environ.get("KSZ_TEST_DATA", ""),
                 "@SHARED@": os.environ.get("KSZ_SHARED_DATA", ""),
                 "@TMP@": tmp,
                 "@SRC@": os.environ.get("KSZ_SOURCE_DIR", "")}
        if "files" in s:
            cur, content = None, []
            for line in s["files"].split(b"\n"):
                if line.startswith(b"+++ "):
                    if cur:
                        open(os.path.join(tmp, cur), "wb").write(b"\n".join(content) + b"\n")
                    cur, content = line[4:].decode().strip(), []
                else:
                    content.append(line)
            if cur:
                while content and content[-1] == b"":
                    content.pop()
                open(os.path.join(tmp, cur), "wb").write(b"\n".join(content) + b"\n")
        for line in s.get("setup", b"").decode().split("\n"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            for k, v in subst.items():
                line = line.replace(k, v)
            p = subprocess.run([exe] + shlex.split(line), capture_output=True, cwd=tmp,
                               timeout=120)
            if p.returncode != 0:
                print("setup: %s: exit %d\n%s" % (line, p.returncode,
                                                   p.stderr.decode("utf-8", "replace")))
                sys.exit(1)
        args = s.get("args", b"").decode().strip()
        for k, v in subst.items():
            args = args.replace(k, v)
        argv = [exe] + shlex.split(args)
        p = subprocess.run(argv, input=s.get("stdin", b""), capture_output=True, cwd=tmp,
                           timeout=120)
        want_exit = int(s.get("exit", b"0").decode().strip() or 0)
        ok = True
        if p.returncode != want_exit:
            print("exit: want %d, got %d" % (want_exit, p.returncode))
            ok = False
        if "stdout" in s:
            want = s["stdout"]
            for k, v in subst.items():
                want = want.replace(k.encode(), v.encode())
            if p.stdout != want:
                print("stdout differs.\n--- want\n%s--- got\n%s" % (
                    want.decode("utf-8", "replace"), p.stdout.decode("utf-8", "replace")))
                ok = False
        for key, stream in (("stdout-contains", p.stdout), ("stderr-contains", p.stderr)):
            for line in s.get(key, b"").split(b"\n"):
                if line and line not in stream:
                    print("%s: missing %r" % (key, line.decode("utf-8", "replace")))
                    ok = False
        if not ok:
            print("args: %s" % argv)
            print("stderr:\n%s" % p.stderr.decode("utf-8", "replace"))
            sys.exit(1)


if __name__ == "__main__":
    main()

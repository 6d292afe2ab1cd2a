#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Check docs/cli/<command>.md against the `kizashi` binary.

    check_docs.py KIZASHI_BINARY DOCS_CLI_DIR     (run from the repository root)

For every command in the command table (`kizashi help`), except help and
version, there must be a page DOCS_CLI_DIR/<command>.md, and the index
DOCS_CLI_DIR/README.md must link to it. Every page must:
  * open with front matter between two "---" lines, holding
        command: NAME
        synopsis: kizashi NAME ...
        options: [--a, --b, ...]
    where NAME is the page's name, a command of the table, and the options are
    exactly the long options (--name tokens) that `kizashi NAME --help` prints;
  * have examples that run: in every ```sh block, a line "$ COMMAND" is run
    through /bin/sh (with `kizashi` on PATH, so pipelines such as
    `echo '...' | kizashi refang` work) from the repository root, and its
    standard output and standard error together must equal the lines that
    follow, up to the next "$ " line or the end of the block (blank lines
    inside the output count; blank lines at its end do not).
Exits 0 when everything holds, 1 otherwise, listing every problem.
"""
import os
import re
import subprocess
import sys
import tempfile

OPTION_RE = re.compile(r"(?<![\w-])--[a-z0-9][a-z0-9-]*")
SKIP_COMMANDS = {"help", "version"}


class Checker:
    def __init__(self, exe, docs):
        self.exe = os.path.abspath(exe)
        self.docs = docs
        self.problems = []
        self.examples = 0

    def fail(self, where, msg):
        self.problems.append("%s: %s" % (where, msg))

    def run(self, argv):
        return subprocess.run([self.exe] + argv, capture_output=True, timeout=60)

    def commands(self):
        p = self.run(["help"])
        if p.returncode != 0:
            self.fail("kizashi help", "exit status %d" % p.returncode)
            return []
        names, in_table = [], False
        for line in p.stdout.decode().splitlines():
            if line.strip() == "commands:":
                in_table = True
            elif in_table and line.startswith("  ") and line.strip():
                names.append(line.split()[0])
            elif in_table and not line.strip():
                in_table = False
        return names

    @staticmethod
    def front_matter(text):
        lines = text.split("\n")
        if not lines or lines[0].strip() != "---":
            return None, 0
        fm = {}
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return fm, i + 1
            key, sep, value = lines[i].partition(":")
            if sep:
                fm[key.strip()] = value.strip()
        return None, 0

    @staticmethod
    def parse_list(value):
        value = value.strip()
        if not (value.startswith("[") and value.endswith("]")):
            return None
        return [v.strip() for v in value[1:-1].split(",") if v.strip()]

    def check_page(self, path, command, known):
        where = os.path.relpath(path)
        text = open(path, encoding="utf-8").read()
        fm, body_line = self.front_matter(text)
        if fm is None:
            self.fail(where, "no front matter (a block between two '---' lines at the top)")
            return
        if fm.get("command") != command:
            self.fail(where, "front matter says command '%s', the page is for '%s'"
                      % (fm.get("command"), command))
        if command not in known:
            self.fail(where, "'%s' is not a command of `kizashi help`" % command)
            return
        if not fm.get("synopsis", "").startswith("kizashi %s" % command):
            self.fail(where, "synopsis should start with 'kizashi %s'" % command)
        documented = self.parse_list(fm.get("options", ""))
        if documented is None:
            self.fail(where, "options should be a list: [--a, --b]")
            documented = []
        p = self.run([command, "--help"])
        if p.returncode != 0:
            self.fail(where, "`kizashi %s --help` exits %d" % (command, p.returncode))
        actual = OPTION_RE.findall(p.stdout.decode("utf-8", "replace"))
        if sorted(set(documented)) != sorted(set(actual)):
            missing = sorted(set(actual) - set(documented))
            extra = sorted(set(documented) - set(actual))
            self.fail(where, "options differ from `kizashi %s --help`: missing %s, not in help %s"
                      % (command, missing or "none", extra or "none"))
        if len(documented) != len(set(documented)):
            self.fail(where, "an option is listed twice")
        for opt in set(actual):
            if opt not in text.split("\n---", 1)[-1] and opt != "--help":
                self.fail(where, "option %s is not described in the page" % opt)
        self.page_db = os.path.join(self.bindir, command + ".db")
        self.check_examples(where, text.split("\n")[body_line:], body_line)

    def check_examples(self, where, lines, first):
        in_sh = False
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.strip().startswith("```"):
                in_sh = not in_sh and line.strip() == "```sh"
                i += 1
                continue
            if in_sh and line.startswith("$ "):
                cmd, lineno, want = line[2:], first + i + 1, []
                i += 1
                while i < len(lines) and not lines[i].startswith("$ ") \
                        and not lines[i].strip().startswith("```"):
                    want.append(lines[i])
                    i += 1
                while want and not want[-1].strip():
                    want.pop()
                self.run_example("%s:%d" % (where, lineno), cmd, want)
                continue
            i += 1

    def run_example(self, where, cmd, want):
        self.examples += 1
        if not re.search(r"\bkizashi\b", cmd):
            self.fail(where, "example does not run kizashi: %s" % cmd)
            return
        # Each page's examples share one fresh store, private to this run, so
        # pages read as a user would type them (no --db) and parallel runs of
        # the checker never meet.
        env = dict(os.environ, PATH=self.bindir + os.pathsep + os.environ.get("PATH", ""),
                   LC_ALL="C.UTF-8", KIZASHI_DB=self.page_db)
        p = subprocess.run(["/bin/sh", "-c", cmd], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=env, timeout=60)
        if p.returncode < 0:
            self.fail(where, "`%s` died of signal %d" % (cmd, -p.returncode))
            return
        got = p.stdout.decode("utf-8", "replace").split("\n")
        while got and not got[-1].strip():
            got.pop()
        if got != want:
            self.fail(where, "`%s`\n    want:\n%s\n    got:\n%s" % (
                cmd, "\n".join("      " + w for w in want) or "      (nothing)",
                "\n".join("      " + g for g in got) or "      (nothing)"))

    def check(self):
        known = self.commands()
        pages = sorted(f[:-3] for f in os.listdir(self.docs)
                       if f.endswith(".md") and f != "README.md")
        index_path = os.path.join(self.docs, "README.md")
        index = open(index_path, encoding="utf-8").read() if os.path.exists(index_path) else None
        if index is None:
            self.fail(os.path.relpath(index_path), "missing: the index of the command pages")
        for c in known:
            if c in SKIP_COMMANDS:
                continue
            if c not in pages:
                self.fail(os.path.join(os.path.relpath(self.docs), c + ".md"),
                          "missing: '%s' is in the command table" % c)
            elif index is not None and "(%s.md)" % c not in index:
                self.fail(os.path.relpath(index_path), "does not link to %s.md" % c)
        with tempfile.TemporaryDirectory(prefix="ksz-docs-") as tmp:
            self.bindir = tmp
            os.symlink(self.exe, os.path.join(tmp, "kizashi"))
            for c in pages:
                self.check_page(os.path.join(self.docs, c + ".md"), c, known)
        for p in self.problems:
            print(p)
        print("check_docs: %d pages, %d examples, %d problems"
              % (len(pages), self.examples, len(self.problems)))
        return 1 if self.problems else 0


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: check_docs.py KIZASHI_BINARY DOCS_CLI_DIR")
    sys.exit(Checker(sys.argv[1], sys.argv[2]).check())


if __name__ == "__main__":
    main()

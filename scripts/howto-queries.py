#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The example queries of Documentation/admin-guide/dynamic-debug-howto.rst.

Reads the howto (a file, or - for stdin) and prints a JSON list of
{"query": ..., "line": N, "kind": ...}: every ddcmd and echo into the
control file, the query of every dyndbg= boot or module parameter
example, the heredoc batch, and each match-spec example of the keyword
reference ("func svc_tcp_accept", "class DRM_UT_KMS"...) with "+p"
after it. Comments ("# ...", "// ...") after a match-spec example are
not part of it, as the reader of the howto takes them.

Usage: howto-queries.py HOWTO.rst
"""

import json
import re
import shlex
import sys

KEYWORDS = ("func", "file", "module", "format", "class", "line")
# dyndbg=VALUE, foo.dyndbg=VALUE: VALUE one shell word
PARAM = re.compile(r'(^|\s)(?:[\w-]+\.)?dyndbg=("[^"]*"|\S+)')


def shell_words(s):
    try:
        return shlex.split(s, comments=True)
    except ValueError:
        return None


def main():
    path = sys.argv[1]
    text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    lines = text.split("\n")
    out = []
    seen = set()

    def add(q, n, kind):
        if q is None or (q, kind) in seen:
            return
        seen.add((q, kind))
        out.append({"query": q, "line": n, "kind": kind})

    i = 0
    while i < len(lines):
        raw = lines[i]
        s = raw.strip()
        n = i + 1
        if s.startswith(":#> ddcmd ") or s.startswith("bash-5.2# ddcmd "):
            rest = s.split("ddcmd ", 1)[1]
            if rest.startswith('<<"EOC"'):
                body = []
                i += 1
                while i < len(lines) and lines[i].strip() != "EOC":
                    body.append(lines[i].strip())
                    i += 1
                add("\n".join(body) + "\n", n, "heredoc")
            else:
                # alias ddcmd='echo $* > ...': the words, joined by blanks
                w = shell_words(rest)
                if w is not None:
                    add(" ".join(w), n, "ddcmd")
        elif s.startswith("echo ") and "/proc/dynamic_debug/control" in s:
            w = shell_words(s.split(">", 1)[0][5:])
            if w is not None:
                add(" ".join(w), n, "echo")
        elif PARAM.search(s) and "``" not in s and not s.startswith("//"):
            # boot args, modprobe.d and modprobe: the value is a query
            w = shell_words(PARAM.search(s).group(2))
            if w:
                add(w[0], n, "param")
        elif raw.startswith("\t") and s.split(" ", 1)[0].split("\t", 1)[0] in KEYWORDS:
            spec = s
            for c in ("#", "//"):
                if c in spec:
                    spec = spec.split(c, 1)[0]
            spec = spec.strip()
            if spec:
                add(spec + " +p", n, "keyword")
        i += 1
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()

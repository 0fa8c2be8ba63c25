#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""In the guest: the howto's example queries, each from a clean state.

For each query of QUERIES.json (scripts/howto-queries.py), in two
phases -- before any DRM module is loaded, and after MODULE... are --
every flag of every callsite is cleared, the query is written to the
control file in one write, and the outcome is recorded: accepted or the
errno, and the callsites it left with a flag. A callsite is named by
module, function, format and class (no file or line: the two kernels
compared have different line numbers where the series changed a file).
The module= boot parameter form of a query ("modprobe M dyndbg=Q") is
run in the second phase too, on the last MODULE, reloaded. Writes
OUT.json: {"phases": {"before-drm": [...], "after-drm": [...]}, "sites": [...]}.

Usage: howto.py QUERIES.json OUT.json MODULE...
"""

import errno
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ddfuzz import CONTROL, DRM_CLASSES, read_control, write  # noqa: E402


def key(s):
    return "%s %s %r %s" % (s.mod, s.func, s.fmt, s.cls or "-")


def clear():
    """every flag off: class-less callsites with one query, class'd per class"""
    write(CONTROL, "=_\n")
    for c in DRM_CLASSES:
        write(CONTROL, "class %s =_\n" % c)


def flagged():
    return sorted("%s =%s" % (key(s), s.flags) for s in read_control() if s.flags != "_")


def outcome(ok, err):
    return "accepted" if ok else errno.errorcode.get(err, str(err))


def run_phase(queries):
    res = []
    for q in queries:
        clear()
        data = q["query"]
        if not data.endswith("\n"):
            data += "\n"
        ok, err = write(CONTROL, data)
        res.append({"query": q["query"], "line": q["line"], "result": outcome(ok, err),
                    "flagged": flagged()})
    clear()
    return res


def run_modparam(queries, mod):
    """modprobe MOD dyndbg=QUERY, for the queries that name no module"""
    res = []
    for q in queries:
        if q["kind"] != "param" or "module" in q["query"]:
            continue
        clear()
        subprocess.run(["modprobe", "-r", mod], stderr=subprocess.DEVNULL)
        rc = subprocess.run(["modprobe", mod, "dyndbg=" + q["query"]],
                            stderr=subprocess.DEVNULL).returncode
        res.append({"query": "modprobe %s dyndbg=%s" % (mod, q["query"]), "line": q["line"],
                    "result": "loaded" if rc == 0 else "modprobe exit %d" % rc,
                    "flagged": flagged()})
    clear()
    return res


def main():
    queries = json.load(open(sys.argv[1]))
    out, mods = sys.argv[2], sys.argv[3:]
    # rejected queries log an error each: keep them off the console
    subprocess.run(["dmesg", "-n", "1"])
    res = {"phases": {}}
    res["phases"]["before-drm"] = run_phase(queries)
    for m in mods:
        subprocess.run(["modprobe", m], check=True)
    res["phases"]["after-drm"] = run_phase(queries)
    res["phases"]["modprobe-dyndbg"] = run_modparam(queries, mods[-1])
    res["sites"] = sorted(set(key(s) for s in read_control()))
    with open(out, "w") as f:
        json.dump(res, f, indent=1)
    print("howto: %d queries, %d callsites" % (len(queries), len(res["sites"])))


if __name__ == "__main__":
    main()

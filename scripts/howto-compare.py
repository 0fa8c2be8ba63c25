#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Compare guest/howto.py's results of two kernels: KTAP on stdout.

Each query of each phase is one test: the same outcome (accepted, the
errno, loaded) and the same callsites left with the same flags, among
the callsites both kernels have (a callsite only one kernel has, new in
the series or changed by it, is left out, and counted). Exit 0 iff all
match.

Usage: howto-compare.py BASELINE.json SERIES.json
"""

import json
import sys


def main():
    a, b = (json.load(open(p)) for p in sys.argv[1:3])
    common = set(a["sites"]) & set(b["sites"])
    tests = []
    for phase in a["phases"]:
        for x, y in zip(a["phases"][phase], b["phases"].get(phase, [])):
            fa = {f for f in x["flagged"] if f.rsplit(" =", 1)[0] in common}
            fb = {f for f in y["flagged"] if f.rsplit(" =", 1)[0] in common}
            why = []
            if x["query"] != y["query"]:
                why.append("not the same query: %r" % y["query"])
            if x["result"] != y["result"]:
                why.append("baseline %s, series %s" % (x["result"], y["result"]))
            if fa != fb:
                only_a, only_b = sorted(fa - fb), sorted(fb - fa)
                why.append("%d callsites differ (baseline only: %s; series only: %s)" % (
                    len(only_a) + len(only_b), only_a[:2], only_b[:2]))
            tests.append(("%s: %r (howto line %d): %s, %d callsites flagged" % (
                phase, x["query"], x["line"], x["result"], len(fa)), why))
        if len(a["phases"][phase]) != len(b["phases"].get(phase, [])):
            tests.append(("%s: the same number of queries" % phase,
                          ["baseline %d, series %d" % (len(a["phases"][phase]),
                                                       len(b["phases"].get(phase, [])))]))
    print("KTAP version 1")
    print("1..%d" % len(tests))
    print("# callsites: baseline %d, series %d, both %d" % (len(a["sites"]), len(b["sites"]),
                                                           len(common)))
    bad = 0
    for i, (name, why) in enumerate(tests, 1):
        name = name.replace("#", "<hash>").replace("\n", "\\n")
        if why:
            bad += 1
            print("not ok %d %s" % (i, name))
            for w in why:
                print("# " + w.replace("\n", "\\n"))
        else:
            print("ok %d %s" % (i, name))
    print("# howto: %d of %d the same on both kernels" % (len(tests) - bad, len(tests)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

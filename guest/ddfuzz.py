#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Malformed-input run against dynamic debug, judged by a reference model.

Writes COUNT seeded queries (malformed, overlong, binary, boundary,
almost-valid and valid, single and multi-query) to the control file and
values to drm.debug. Before each write the model (a userspace evaluator of
the query language over the control file's lines, written from the
documented grammar and lib/dynamic_debug.c's rules) predicts accept or
reject and the resulting flags of every callsite; after it the whole
control file is read back and compared line by line with the prediction.
A rejected write must change nothing; an accepted one exactly what the
model says. On a mismatch the model takes the kernel's state and goes on
(each mismatch is reported once, with the write that caused it).

Usage: ddfuzz.py SEED COUNT OUT.json [QUIET_MODULE...]
A valid write that would switch printing on for a callsite outside the
QUIET_MODULEs is not sent (it would flood the log); another is drawn.
"""

import errno
import json
import os
import random
import sys

CONTROL = "/proc/dynamic_debug/control"
DRM_DEBUG = "/sys/module/drm/parameters/debug"
DRM_CLASSES = ["DRM_UT_CORE", "DRM_UT_DRIVER", "DRM_UT_KMS", "DRM_UT_PRIME",
               "DRM_UT_ATOMIC", "DRM_UT_VBL", "DRM_UT_STATE", "DRM_UT_LEASE",
               "DRM_UT_DP", "DRM_UT_DRMRES"]
FLAG_CHARS = "pmfsltd"  # the control file's order; '_' is "none"
USER_BUF_PAGE = 4096
MAXWORDS = 9
UINT_MAX = 2**32 - 1
ULONG_MAX = 2**64 - 1

# ---------------------------------------------------------------- ctype
# lib/ctype.c, over bytes (strings here are latin-1: one char per byte)
def _cls(c):
    o = ord(c)
    if o in (9, 10, 11, 12, 13, 32, 160):
        return "S"
    if 65 <= o <= 90 or 192 <= o <= 222 and o != 215:
        return "U"
    if 97 <= o <= 122 or o == 223 or 224 <= o <= 255 and o != 247:
        return "L"
    return "-"


def isspace(c):
    return c != "" and _cls(c) == "S"


def isalpha(c):
    return c != "" and _cls(c) in "UL"


def skip_spaces(s, i=0):
    while i < len(s) and isspace(s[i]):
        i += 1
    return i


# ------------------------------------------------------- kernel helpers
def match_wildcard(pattern, s):
    """lib/parser.c match_wildcard()"""
    si = 0
    pi = 0
    pat0 = 0
    str0 = 0
    star = False
    while si < len(s):
        c = pattern[pi] if pi < len(pattern) else ""
        if c == "?":
            si += 1
            pi += 1
        elif c == "*":
            star = True
            str0 = si
            pi += 1
            if pi >= len(pattern):
                return True
            pat0 = pi
        else:
            if c != "" and s[si] == c:
                si += 1
                pi += 1
            else:
                if not star:
                    return False
                str0 += 1
                si = str0
                pi = pat0
    while pi < len(pattern) and pattern[pi] == "*":
        pi += 1
    return pi >= len(pattern)


def unescape(src):
    """string_unescape(UNESCAPE_SPACE | UNESCAPE_OCTAL | UNESCAPE_SPECIAL),
    then cut at a NUL as C would."""
    out = []
    i = 0
    n = len(src)
    while i < n:
        if src[i] == "\\" and i + 1 < n:
            i += 1
            c = src[i]
            sp = {"n": "\n", "r": "\r", "t": "\t", "v": "\v", "f": "\f"}
            if c in sp:
                out.append(sp[c])
                i += 1
                continue
            if "0" <= c <= "7":
                num = ord(c) & 7
                start = i
                i += 1
                while num < 32 and i < n and "0" <= src[i] <= "7" and i - start < 3:
                    num = ((num << 3) + (ord(src[i]) & 7)) & 0xff
                    i += 1
                out.append(chr(num))
                continue
            spc = {'"': '"', "\\": "\\", "a": "\a", "e": "\x1b"}
            if c in spc:
                out.append(spc[c])
                i += 1
                continue
            out.append("\\")
        out.append(src[i])
        i += 1
    s = "".join(out)
    z = s.find("\0")
    return s if z < 0 else s[:z]


def parse_integer(s, base):
    """_parse_integer(): (value, chars used, overflow)"""
    val = 0
    used = 0
    ovf = False
    for c in s:
        lc = c.lower()
        if "0" <= c <= "9":
            d = ord(c) - 48
        elif "a" <= lc <= "f":
            d = ord(lc) - 87
        else:
            break
        if d >= base:
            break
        val = val * base + d
        if val > ULONG_MAX:
            ovf = True
            val &= ULONG_MAX
        used += 1
    return val, used, ovf


def kstrtoull(s, base):
    """kstrtoull(): value or None (-EINVAL / -ERANGE)"""
    if s[:1] == "+":
        s = s[1:]
    if base == 0:
        if s[:1] == "0":
            base = 16 if s[1:2].lower() == "x" and s[2:3] != "" and s[2:3] in "0123456789abcdefABCDEF" else 8
        else:
            base = 10
    if base == 16 and s[:1] == "0" and s[1:2].lower() == "x":
        s = s[2:]
    val, used, ovf = parse_integer(s, base)
    if ovf or used == 0:
        return None
    s = s[used:]
    if s[:1] == "\n":
        s = s[1:]
    return None if s else val


def kstrtouint(s):
    v = kstrtoull(s, 10)
    return None if v is None or v > UINT_MAX else v


# --------------------------------------------------------- the control file
class Site:
    __slots__ = ("file", "line", "mod", "func", "fmt", "cls", "flags", "text", "pre", "post")


def read_lines():
    with open(CONTROL, "rb") as f:
        return f.read().decode("latin-1").split("\n")[1:-1]


def parse_sites(lines):
    sites = []
    for ln in lines:
        s = Site()
        s.text = ln
        head, _, rest = ln.partition(" [")
        s.file, _, line = head.rpartition(":")
        s.line = int(line)
        s.mod, _, rest = rest.partition("]")
        s.func, _, rest = rest.partition(" =")
        s.flags, _, rest = rest.partition(' "')
        s.pre = ln[:len(ln) - len(rest) - len(s.flags) - 2]
        s.post = ' "' + rest
        q = rest.rfind('"')
        fmt, tail = rest[:q], rest[q + 1:]
        s.fmt = fmt.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r")
        s.cls = None
        if tail.startswith(" class:"):
            s.cls = tail[7:]
        elif tail.startswith(" class unknown"):
            s.cls = "?" + tail
        sites.append(s)
    return sites


def read_control():
    return parse_sites(read_lines())


def flagset(fl):
    return set() if fl == "_" else set(fl)


def flagstr(fs):
    s = "".join(c for c in FLAG_CHARS if c in fs)
    return s or "_"


# ------------------------------------------------------------- the model
class Invalid(Exception):
    pass


def tokenize(q):
    words = []
    i = 0
    n = len(q)
    while i < n:
        i = skip_spaces(q, i)
        if i >= n or q[i] == "#":
            break
        if q[i] in "\"'":
            quote = q[i]
            i += 1
            end = q.find(quote, i)
            if end < 0:
                raise Invalid("unclosed quote")
        else:
            end = i
            while end < n and not isspace(q[end]):
                end += 1
        if len(words) == MAXWORDS:
            raise Invalid("too many words")
        words.append(q[i:end])
        i = end + 1 if end < n else end
    return words


def parse_flags(w):
    if w[:1] not in ("+", "-", "="):
        raise Invalid("bad flag-op")
    fl = set()
    for c in w[1:]:
        if c not in FLAG_CHARS + "_":
            raise Invalid("unknown flag")
        if c != "_":
            fl.add(c)
    return w[0], fl


def parse_linerange(q, s):
    if q["first"] or q["last"]:
        raise Invalid("line used 2x")
    first, dash, last = s.partition("-")
    f = 0 if first == "" else kstrtouint(first)
    if f is None:
        raise Invalid("bad line-number")
    q["first"] = f
    if dash:
        lv = 0 if last == "" else kstrtouint(last)
        if lv is None:
            raise Invalid("bad line-number")
        if lv == 0:
            lv = UINT_MAX
        if lv < f:
            raise Invalid("last < first")
        q["last"] = lv
    else:
        q["last"] = f


def parse_query(words):
    if len(words) % 2:
        raise Invalid("odd words")
    q = {"file": None, "module": None, "func": None, "format": None, "class": None,
         "first": 0, "last": 0, "neg": set()}

    def check_set(k, v):
        if q[k] is not None:
            raise Invalid("%s twice" % k)
        q[k] = v

    for i in range(0, len(words), 2):
        kw, arg = words[i], words[i + 1]
        if kw in ("file", "module", "func", "format") and arg[:1] == "!":
            q["neg"].add(kw)
            arg = arg[1:]
            if arg == "":
                raise Invalid("empty negation")
        elif kw == "class" and arg[:1] == "!":
            raise Invalid("negated class")
        if kw == "func":
            check_set("func", arg)
        elif kw == "file":
            fname, colon, fline = arg.partition(":")
            check_set("file", fname if colon else arg)
            if colon and fname == "" and "file" in q["neg"]:
                raise Invalid("'file !:tail' negates an empty name")
            if colon:
                if isalpha(fline[:1]) or fline[:1] in ("*", "?") and fline[:1] != "":
                    check_set("func", fline)
                else:
                    parse_linerange(q, fline)
        elif kw == "module":
            check_set("module", arg)
        elif kw == "format":
            check_set("format", unescape(arg))
        elif kw == "line":
            parse_linerange(q, arg)
        elif kw == "class":
            check_set("class", arg)
        else:
            raise Invalid("unknown keyword")
    return q


def split_queries(buf):
    """ddebug_exec_queries()'s split: the non-empty, non-comment queries"""
    out = []
    cur = []
    for c in buf + ";":
        if c in ";\n":
            s = "".join(cur)
            cur = []
            i = skip_spaces(s)
            if i < len(s) and s[i] != "#":
                out.append(s[i:])
        else:
            cur.append(c)
    return out


def parse_write(buf):
    """all queries of a control-file write, or Invalid"""
    z = buf.find("\0")
    if z >= 0:
        buf = buf[:z]
    parsed = []
    for qs in split_queries(buf):
        words = tokenize(qs)
        if not words:
            raise Invalid("tokenize failed")
        op, fl = parse_flags(words[-1])
        q = parse_query(words[:-1])
        q["op"], q["flags"] = op, fl
        parsed.append(q)
    return parsed


def basename(p):
    return p.rpartition("/")[2]


def selects(q, kw, matched):
    return matched != (kw in q["neg"])


def query_matches(q, s):
    if q["module"] is not None and not selects(q, "module", match_wildcard(q["module"], s.mod)):
        return False
    if q["class"] is not None:
        if s.cls != q["class"]:
            return False
    elif s.cls is not None:
        return False
    if q["file"] is not None and not selects(
            q, "file", match_wildcard(q["file"], s.file) or match_wildcard(q["file"], basename(s.file))):
        return False
    if q["func"] is not None and not selects(q, "func", match_wildcard(q["func"], s.func)):
        return False
    if q["format"] is not None:
        f = q["format"]
        m = s.fmt.startswith(f[1:]) if f[:1] == "^" else f in s.fmt
        if not selects(q, "format", m):
            return False
    if q["first"] and s.line < q["first"]:
        return False
    if q["last"] and s.line > q["last"]:
        return False
    return True


class Model:
    """The callsites' flags as the model expects them, and drm.debug's
    stored value. Predictions are (accepted, {site index: new flags})."""

    def __init__(self, sites, known_classes, drm_bits):
        self.sync(sites, drm_bits)
        self.known = set(known_classes) | {s.cls for s in sites if s.cls}

    def sync(self, sites, drm_bits):
        self.sites = sites
        self.flags = [flagset(s.flags) for s in sites]
        self.lines = [s.text for s in sites]
        self.drm_bits = drm_bits
        self.by_mod = {}
        self.by_drm_class = {c: [] for c in DRM_CLASSES}
        for i, st in enumerate(sites):
            self.by_mod.setdefault(st.mod, []).append(i)
            if st.cls in self.by_drm_class:
                self.by_drm_class[st.cls].append(i)

    def expected(self, changes):
        if not changes:
            return self.lines
        lines = list(self.lines)
        for i, f in changes.items():
            lines[i] = self.sites[i].pre + flagstr(f) + self.sites[i].post
        return lines

    def control_write(self, data):
        if len(data) == 0:
            return True, {}
        if len(data) > USER_BUF_PAGE - 1:
            return False, {}
        try:
            parsed = parse_write(data)
        except Invalid:
            return False, {}
        # a class name that no loaded module knows matches nothing
        changes = {}
        for q in parsed:
            for mod, idx in self.by_mod.items():
                if q["module"] is not None and not selects(q, "module", match_wildcard(q["module"], mod)):
                    continue
                for i in idx:
                    if not query_matches(q, self.sites[i]):
                        continue
                    f = changes.get(i, self.flags[i])
                    if q["op"] == "+":
                        f = f | q["flags"]
                    elif q["op"] == "-":
                        f = f - q["flags"]
                    else:
                        f = set(q["flags"])
                    changes[i] = f
        return True, {i: f for i, f in changes.items() if f != self.flags[i]}

    def param_write(self, data):
        """and the new stored value"""
        z = data.find("\0")
        if z >= 0:
            data = data[:z]
        if data == "":
            return True, {}, self.drm_bits   # nothing reaches ->set
        v = kstrtoull(data, 0)
        if v is None:
            return False, {}, self.drm_bits
        v &= (1 << len(DRM_CLASSES)) - 1
        changes = {}
        for b, c in enumerate(DRM_CLASSES):
            if not (v ^ self.drm_bits) >> b & 1:
                continue
            for i in self.by_drm_class[c]:
                f = self.flags[i] | {"p"} if v >> b & 1 else self.flags[i] - {"p"}
                if f != self.flags[i]:
                    changes[i] = f
        return True, changes, v


# --------------------------------------------------------- the generator
class Gen:
    def __init__(self, rng, sites, classes):
        self.r = rng
        self.sites = sites
        self.mods = sorted({s.mod for s in sites})
        self.classes = classes

    def pick_site(self):
        return self.r.choice(self.sites)

    def wild(self, s):
        r = self.r
        if not s or r.random() < 0.6:
            return s
        k = r.randrange(3)
        if k == 0:
            return s[:r.randrange(len(s) + 1)] + "*"
        if k == 1:
            i = r.randrange(len(s))
            return s[:i] + "?" + s[i + 1:]
        return "*" + s[r.randrange(len(s)):]

    def fmt_value(self):
        r = self.r
        f = self.pick_site().fmt
        a = r.randrange(len(f) + 1)
        b = min(len(f), a + r.randrange(1, 12))
        v = f[a:b]
        v = "".join(c if c.isalnum() or c in "_:%-" else " " for c in v)
        if r.random() < 0.2:
            v = "^" + v
        if " " in v:
            if r.random() < 0.5:
                return '"' + v + '"'
            return v.replace(" ", "\\040")
        return v or "x"

    def line_value(self):
        r = self.r
        n = self.pick_site().line
        return r.choice([str(n), "%d-%d" % (n, n + r.randrange(50)), "-%d" % n, "%d-" % n,
                         str(r.randrange(5000))])

    def pair(self, kw):
        r = self.r
        s = self.pick_site()
        if kw == "module":
            v = self.wild(r.choice(self.mods + [s.mod] * 3))
        elif kw == "func":
            v = self.wild(s.func)
        elif kw == "file":
            v = self.wild(r.choice([s.file, basename(s.file)]))
            if r.random() < 0.2:
                v += ":" + r.choice([self.line_value(), s.func])
        elif kw == "format":
            v = self.fmt_value()
        elif kw == "line":
            v = self.line_value()
        else:
            v = r.choice(self.classes + ([s.cls] if s.cls else []))
        if kw in ("module", "func", "file", "format") and r.random() < 0.2 and not v.startswith('"'):
            v = "!" + v
        return [kw, v]

    def flags(self):
        r = self.r
        return r.choice("+-=") + "".join(r.sample("pmfsltd_", r.randrange(1, 4)))

    def valid(self):
        r = self.r
        kws = r.sample(["module", "func", "file", "format", "line", "class"], r.randrange(0, 4))
        words = []
        for k in kws:
            words += self.pair(k)
        return " ".join(words + [self.flags()])

    def mutate(self, q):
        r = self.r
        k = r.randrange(16)
        words = q.split(" ")
        if k == 0:                       # a lone or misplaced '!'
            i = r.randrange(len(words))
            words.insert(i, r.choice(["!", '"!"', "'!'", "!!x"]))
        elif k == 1:                     # unbalanced quote
            i = r.randrange(len(q) + 1)
            return q[:i] + r.choice("\"'") + q[i:]
        elif k == 2:                     # ; runs
            return r.choice(["", ";", ";;;;", " ; ; "]) + q + ";" * r.randrange(1, 20)
        elif k == 3:                     # truncated
            return q[:r.randrange(len(q) + 1)]
        elif k == 4:                     # a byte replaced
            i = r.randrange(len(q)) if q else 0
            return q[:i] + chr(r.randrange(1, 256)) + q[i + 1:]
        elif k == 5:                     # a keyword twice
            words = self.pair("module") + self.pair(r.choice(["module", "func", "file", "line"])) + words
        elif k == 6:                     # odd words
            words.insert(0, r.choice(["module", "func", "file", "format", "line", "class"]))
        elif k == 7:                     # too many words
            while len(words) < 9 + r.randrange(3):
                words = self.pair(r.choice(["module", "func"])) + words
        elif k == 8:                     # bad flags
            words[-1] = r.choice(["", "p", "+x", "+P", "++p", "=p-", "+p m", "-", "=", "+", "~p"])
        elif k == 9:                     # line ranges at the edges
            words = ["line", r.choice(["9-1", "1-2-3", "-", "0", "0-0", "4294967295", "4294967296",
                                       "99999999999999999999", "+5", "-0", "1--2", "x", "5-x", ""])] + words
        elif k == 10:                    # unknown keyword, or keyword case
            words.insert(0, r.choice(["modul", "MODULE", "funcs", "class:", "lines", "fmt"]))
            words.insert(1, "x")
        elif k == 11:                    # class: negated, unknown, another map's
            words = ["class", r.choice(["!DRM_UT_KMS", "DRM_UT_NOPE", "drm_ut_kms", "D2_KMS", "L3",
                                        "V2", "MID", "", "!"])] + words
        elif k == 12:                    # comment in the middle
            i = r.randrange(len(words) + 1)
            words.insert(i, "#" + r.choice(["", "x", "module i915 +p"]))
        elif k == 13:                    # embedded NUL or high bytes
            i = r.randrange(len(q) + 1)
            return q[:i] + r.choice(["\0", "\xa0", "\xff", "\x85", "\t", "\v"]) + q[i:]
        elif k == 14:                    # file:func / file:line edge
            words = ["file", r.choice(["x.c:", ":", "x.c:!f", "x.c:1-", "*:*", "x.c:a:b", "!"])] + words
        else:                            # empty value
            words = [r.choice(["module", "func", "file", "format"]), r.choice(['""', "''"])] + words
        return " ".join(words)

    def control(self):
        """(kind, bytes as latin-1 str)"""
        r = self.r
        k = r.random()
        if k < 0.03:
            return "binary", "".join(chr(r.randrange(256)) for _ in range(r.randrange(1, 300)))
        if k < 0.06:
            n = r.choice([USER_BUF_PAGE - 1, USER_BUF_PAGE, USER_BUF_PAGE + 1, 2 * USER_BUF_PAGE,
                          USER_BUF_PAGE - 2])
            unit = r.choice(["module test_dynamic_debug -p;", ";", " ", "module nosuch +p\n"])
            s = (unit * (n // len(unit) + 1))[:n]
            return "overlong", s
        nq = r.choice([1, 1, 1, 2, 3, 5])
        qs = []
        kind = "valid"
        for _ in range(nq):
            q = self.valid()
            if r.random() < 0.6:
                q = self.mutate(q)
                kind = "malformed"
            qs.append(q)
        sep = r.choice([";", "\n", " ; ", ";\n"])
        return kind + ("-multi" if nq > 1 else ""), sep.join(qs) + r.choice(["", "\n"])

    def param(self):
        r = self.r
        v = r.randrange(1 << 10)
        return r.choice([
            str(v), hex(v), "0x%X" % v, "%#o" % v if v else "0", str(v) + "\n", hex(v) + "\n",
            "-1", "-" + str(v), str(2**64 - 1), str(2**64), "0x" + "f" * 17, hex(r.randrange(2**64)),
            " " + str(v), str(v) + " ", str(v) + "\n\n", "0x", "0xzz", "1e3", "+" + str(v), "08",
            "", "\n", "0x1e\0junk", "4294967296", "0b101", "0x3ff0",
        ])


def write(path, data):
    fd = os.open(path, os.O_WRONLY)
    try:
        n = os.write(fd, data.encode("latin-1"))
        return n == len(data.encode("latin-1")), 0
    except OSError as e:
        return False, e.errno
    finally:
        os.close(fd)


def read_bits():
    with open(DRM_DEBUG) as f:
        return int(f.read(), 0)


def main():
    seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    quiet = set(sys.argv[4:])
    r = random.Random(seed)
    sites = read_control()
    extra = ["D2_CORE", "D2_DRIVER", "D2_KMS", "D2_PRIME", "D2_ATOMIC", "D2_VBL", "D2_STATE",
             "D2_LEASE", "D2_DP", "D2_DRMRES", "LOW", "MID", "HI"] + ["V%d" % i for i in range(8)] + \
        ["L%d" % i for i in range(8)]
    known = list(DRM_CLASSES) if os.path.exists(DRM_DEBUG) else []
    if os.path.isdir("/sys/module/test_dynamic_debug"):
        known += extra
    model = Model(sites, known, read_bits())
    gen = Gen(r, sites, DRM_CLASSES + extra + ["DRM_UT_NOPE", "NOPE"])
    stats = {}
    errnos = {}
    mismatches = []
    skipped_noisy = 0
    done = 0
    while done < count:
        if r.random() < 0.12:
            kind, data = "param", gen.param()
            ok_pred, changes, bits_pred = model.param_write(data)
            path = DRM_DEBUG
        else:
            kind, data = gen.control()
            ok_pred, changes = model.control_write(data)
            bits_pred = model.drm_bits
            path = CONTROL
            if ok_pred and any("p" in f and "p" not in model.flags[i] and sites[i].mod not in quiet
                               for i, f in changes.items()):
                skipped_noisy += 1
                continue
        ok, err = write(path, data)
        done += 1
        if done % 250 == 0 and done < count:
            print("# fuzz: %d of %d writes" % (done, count), flush=True)
        st = stats.setdefault(kind, {"writes": 0, "accepted": 0, "rejected": 0})
        st["writes"] += 1
        st["accepted" if ok else "rejected"] += 1
        if not ok:
            e = errno.errorcode.get(err, str(err))
            errnos[e] = errnos.get(e, 0) + 1
        now = read_lines()
        bits_now = read_bits()
        expect = model.expected(changes) if ok else model.lines
        bits_expect = bits_pred if ok else model.drm_bits
        if ok == ok_pred and now == expect and bits_now == bits_expect:
            if ok and changes:
                for i, f in changes.items():
                    model.flags[i] = f
                model.lines = expect
            model.drm_bits = bits_now
            continue
        problems = []
        if ok != ok_pred:
            problems.append("kernel %s, model %s" % ("accepted" if ok else "rejected (%s)" % err,
                                                     "accepts" if ok_pred else "rejects"))
        if len(now) != len(expect):
            problems.append("control file has %d callsites, was %d" % (len(now), len(expect)))
        else:
            diff = [i for i in range(len(now)) if now[i] != expect[i]]
            if diff:
                problems.append("%d callsites differ from the model, first: %s (model: %s)" % (
                    len(diff), now[diff[0]], expect[diff[0]]))
        if bits_now != bits_expect:
            problems.append("drm.debug reads 0x%x, model 0x%x" % (bits_now, bits_expect))
        mismatches.append({"write": done, "kind": kind, "path": path, "data": data[:300],
                           "problems": problems})
        sites = read_control()
        model.sync(sites, read_bits())
    res = {"seed": seed, "writes": done, "by_kind": stats, "errors": errnos,
           "skipped_noisy": skipped_noisy, "callsites": len(sites),
           "mismatches": len(mismatches), "first_mismatches": mismatches[:20]}
    with open(out, "w") as f:
        json.dump(res, f, indent=1)
    print("ddfuzz: seed %d, %d writes, %d callsites, %d mismatches" % (seed, done, len(sites), len(mismatches)))
    for m in mismatches[:5]:
        print("ddfuzz: write %d (%s) %r: %s" % (m["write"], m["kind"], m["data"][:120], "; ".join(m["problems"])))
    return 0 if not mismatches else 1


# The model against known answers (host only, part of make check): the
# rules the series documents, on a few synthetic callsites.
SELFTEST_CONTROL = """# filename:lineno [module]function flags format
drivers/gpu/drm/drm_print.c:216 [drm]__drm_dev_dbg =_ "%s%s %pV" class:DRM_UT_CORE
drivers/gpu/drm/drm_atomic.c:1510 [drm]drm_atomic_check_only =_ "checking %p\\n" class:DRM_UT_ATOMIC
drivers/gpu/drm/drm_ioctl.c:800 [drm]drm_ioctl =_ "!pid=%d\\n"
lib/test_dynamic_debug.c:105 [test_dynamic_debug]do_cats =_ "D2_KMS msg\\n" class:D2_KMS
lib/test_dynamic_debug.c:120 [test_dynamic_debug]do_levels =_ "doing levels\\n"
drivers/virtio/virtio.c:30 [virtio]virtio_dev_probe =_ "probe %s\\n"
drivers/virtio/virtio_ring.c:40 [virtio_ring]vring_new =_ "ring \"x\" y\\n"
init/main.c:1345 [main]run_init_process =_ "  with arguments:\\n"
"""

SELFTEST_CASES = [
    # (write, accepted, callsites whose flags change)
    ("module !virtio* +p", True, 3),
    ("module ! +p", False, 0),
    ('module "!" +p', False, 0),
    ("func ! +p", False, 0),
    ("class !DRM_UT_KMS +p", False, 0),
    ("class DRM_UT_NOPE +p", True, 0),
    ("module drm +p; class DRM_UT_NOPE +p", True, 1),
    ("file '!:1-' +p", False, 0),
    ("file !:- +p", False, 0),
    ("module drm +p; module drm +x", False, 0),
    ("module drm class DRM_UT_ATOMIC +p", True, 1),
    ("module drm class D2_KMS +p", True, 0),
    ("class D2_KMS +p", True, 1),
    ("module drm +p", True, 1),
    ("format \\041pid +p", True, 1),
    ("format !pid +p", True, 4),
    ("format ^doing +p", True, 1),
    ('format "with arg" +p', True, 1),
    ("line 9-1 +p", False, 0),
    ("line 100-1500 +p", True, 3),
    ("file virtio.c:virtio_dev_probe +p", True, 1),
    ("file virtio.c:30 +p", True, 1),
    ("file virtio.c:!x +p", False, 0),
    ("module drm module drm +p", False, 0),
    ("module drm +p # a comment", True, 1),
    ("# only a comment", True, 0),
    (";;; ;\n", True, 0),
    ("module drm", False, 0),
    ("+p", True, 5),
    ("module x func y file z format w line 1 +p", False, 0),
    ("module x func y file z format w +p", True, 0),
    ("module 'unclosed +p", False, 0),
    ("module virtio +pmflt", True, 1),
    ("module virtio =_", True, 0),
    ("module drm\0 +junk", False, 0),
    ("module drm +p\0junk", True, 1),
    ("x" * 4095, False, 0),
    ("module drm +p;" + " " * 4081, True, 1),
    ("module drm +p;" + " " * 4082, False, 0),
]


def selftest():
    sites = parse_sites(SELFTEST_CONTROL.split("\n")[1:-1])
    model = Model(sites, DRM_CLASSES + ["D2_KMS"], 0)
    cases = SELFTEST_CASES + [("param:0x10", True, 1), ("param:-1", False, 0), ("param: 1", False, 0),
                              ("param:0x3ff\n", True, 2), ("param:", True, 0), ("param:0x", False, 0),
                              ("param:18446744073709551616", False, 0)]
    print("TAP version 13")
    print("1..%d" % (len(cases) + 2))
    bad = 0
    for n, (w, acc, nchg) in enumerate(cases, 1):
        if w.startswith("param:"):
            ok, chg, _ = model.param_write(w[6:])
        else:
            ok, chg = model.control_write(w)
        good = ok == acc and len(chg) == nchg
        bad += not good
        desc = "model: %r %s, %d change%s" % (w[:60], "accepted" if acc else "rejected", nchg,
                                               "" if good else " (got %s, %d)" % (ok, len(chg)))
        # a '#' in a TAP description starts a directive
        print("%s %d %s" % ("ok" if good else "not ok", n, desc.replace("#", "<hash>")))
    n = len(cases)
    good = [match_wildcard(p, t) for p, t in (("a*c", "abbc"), ("*", ""), ("a?c", "abc"), ("**x", "yx"))] == \
        [True, True, True, True] and not match_wildcard("a*d", "abc")
    print("%s %d match_wildcard" % ("ok" if good else "not ok", n + 1))
    bad += not good
    good = unescape("a\\040b\\nc\\\\d\\q\\0x") == "a b\nc\\d\\q" and kstrtoull("0x1e\n", 0) == 30 \
        and kstrtoull("08", 0) is None and kstrtoull("+7", 0) == 7
    print("%s %d unescape, kstrtoull" % ("ok" if good else "not ok", n + 2))
    bad += not good
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(selftest() if sys.argv[1:] == ["--selftest"] else main())

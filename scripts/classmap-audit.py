#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Static audit of the drm.debug classmap: list every module under
# drivers/gpu/drm and drivers/accel with class'd DRM debug callsites when
# CONFIG_DRM_USE_DYNAMIC_DEBUG=y (the macros of drm_print.h that reach
# _dynamic_func_call_cls(), and local wrappers of them), and fail unless each
# has DRM_CLASSMAP_USE() or DYNAMIC_DEBUG_CLASSMAP_USE(drm_debug_classes) in
# a .c file that is always linked into it. Reads Makefiles and sources only.

import argparse
import functools
import json
import os
import re
import sys

MARK = '\x01'           # on a make word that is only built under a condition
BIG = 1 << 20           # headers above this are register tables: see run()
ROOTS = ('drivers/gpu/drm', 'drivers/accel')
T0 = (b'drm_dbg', b'DRM_DEBUG', b'DRM_DEV_DEBUG', b'drm_dev_dbg')
COND = re.compile(r'(ifeq|ifneq|ifdef|ifndef|else|endif)\b')
PAREN = {'(': 1, '{': 1, ')': -1, '}': -1}


def mark(text):
    return ' '.join(MARK + w for w in text.split())


def pattern(pat, word):
    """the stem if the make pattern pat matches word, else None"""
    a, pct, b = pat.partition('%')
    if not pct:
        return '' if pat == word else None
    ok = word.startswith(a) and word.endswith(b) and len(word) >= len(a) + len(b)
    return word[len(a):len(word) - len(b)] if ok else None


def split_args(s):
    out, depth, start = [], 0, 0
    for i, c in enumerate(s):
        depth += PAREN.get(c, 0)
        if c == ',' and not depth:
            out.append(s[start:i])
            start = i + 1
    return out + [s[start:]]


@functools.lru_cache(maxsize=None)
def keys(names):
    """a few byte strings, each name containing one of them"""
    out = []
    for n in sorted(names):
        common = os.path.commonprefix([out[-1], n]) if out else ''
        if len(common) >= 7:
            out[-1] = common
        elif not any(k in n for k in out):
            out.append(n)
    return [k.encode() for k in out]


class Make:
    """The GNU make that the kbuild files here need: variables, every branch
    of a conditional (what it adds gets MARK, as does what goes to a name
    with $(CONFIG_...) in it), include, define/call/eval, pattern rules, and
    the functions of func(). notes: what could not be evaluated."""

    def __init__(self, tree, kdir):
        self.tree, self.kdir = tree, kdir
        self.vars = {n: [False, v, set()] for n, v in (  # [recursive, text, notes]
            ('src', kdir), ('obj', kdir), ('srctree', tree), ('objtree', tree))}
        self.notes, self.conds, self.rules, self.targets = set(), [], [], set()
        self.where, self.lhs = '', False

    def expand(self, s):
        out, i = [], 0
        while True:
            j = s.find('$', i)
            if j < 0 or j + 1 == len(s):
                return ''.join(out) + s[i:]
            out.append(s[i:j])
            if s[j + 1] in '({':
                k, depth = j + 2, 1
                while k < len(s) and depth:
                    depth += PAREN.get(s[k], 0)
                    k += 1
                out.append(self.ref(s[j + 2:k - 1]))
                i = k
            else:
                out.append('$' if s[j + 1] == '$' else self.value(s[j + 1]))
                i = j + 2

    def value(self, name):
        if name.startswith('CONFIG_'):
            return 'y' if self.lhs else ''
        v = self.vars.get(name)
        if not v or v[0] is None:       # None: being expanded
            return ''
        self.notes |= v[2]
        if not v[0]:
            return v[1]
        v[0] = None
        text = self.expand(v[1])
        v[0] = True
        return text

    def ref(self, body):
        if body.startswith(MARK + ' '):
            return mark(self.expand(body[2:]))
        m = re.match(r'([a-z-]+)[ \t]+', body)      # a name with a blank: a function
        if m:
            return self.func(m[1], split_args(body[m.end():]))
        var, colon, sub = body.partition(':')
        if colon and '=' in sub and '(' not in var:     # $(VAR:.c=.o)
            a, b = self.expand(sub).split('=', 1)
            a, b = (a, b) if '%' in a else ('%' + a, '%' + b)
            return self.func('patsubst', [a, b, '$(%s)' % var])
        return self.value(self.expand(body).strip())

    def func(self, f, args):
        if f == 'foreach' and len(args) == 3:
            var, out = self.expand(args[0]).strip(), []
            saved = self.vars.get(var)
            for w in self.expand(args[1]).split():
                self.vars[var] = [False, w, set()]
                out.append(self.expand(args[2]))
            self.vars[var] = saved or [False, '', set()]
            return ' '.join(out)
        if f == 'if':           # the condition is not known: both, marked
            return ' '.join(mark(self.expand(a)) for a in args[1:])
        x = [self.expand(a) for a in args]
        w = x[-1].split()
        if f == 'call':
            saved = {str(i): self.vars.get(str(i)) for i in range(len(x))}
            self.vars.update((str(i), [False, a, set()]) for i, a in enumerate(x))
            text = self.value(x[0].strip())
            self.vars.update((k, v or [False, '', set()]) for k, v in saved.items())
            return text
        if f == 'eval':
            self.parse(x[0].split('\n'), None)
        elif f in ('addprefix', 'addsuffix'):
            p = x[0].strip()
            return ' '.join(p + i if f == 'addprefix' else i + p for i in w)
        elif f == 'patsubst':
            st = [(i, pattern(x[0].strip(), i)) for i in w]
            rep = x[1].strip()
            return ' '.join(i if s is None else rep.replace('%', s, 1) for i, s in st)
        elif f == 'subst' and len(x) == 3:
            return x[2].replace(x[0], x[1])
        elif f not in ('info', 'warning', 'error'):
            self.notes.add('%s: cannot evaluate $(%s %s)' % (
                self.where, f, ','.join(args)[:60]))
        return ''

    def parse_file(self, path, cond=False):
        with open(path, encoding='utf-8', errors='replace') as fh:
            lines = fh.read().split('\n')
        self.conds += [True] * cond
        self.parse(lines, os.path.relpath(path, self.tree))
        del self.conds[len(self.conds) - cond:]

    def parse(self, lines, fname):
        in_rule, define, i = False, None, 0
        while i < len(lines):
            start, line = i, lines[i]
            while line.endswith('\\') and i + 1 < len(lines):
                i += 1
                line = line[:-1] + ' ' + lines[i].lstrip()
            i += 1
            self.where = '%s:%d' % (fname, start + 1) if fname else self.where
            if define:
                if line.strip() == 'endef':
                    self.vars[define[0]] = [True, '\n'.join(define[1:]), set()]
                    define = None
                else:
                    define.append(line)
                continue
            if in_rule and line.startswith('\t'):
                continue        # a recipe
            line = re.sub(r'(?<!\\)#.*', '', line).strip()
            line = re.sub(r'^(export|override)\s+', '', line)
            if not line:
                continue
            in_rule, m = False, COND.match(line)
            if m and m[1] == 'endif':
                self.conds = self.conds[:-1]
            elif m and m[1] != 'else':
                self.conds.append(True)
            elif line.startswith('define '):
                define = [line.split()[1]]
            elif re.match(r'(-?include|sinclude)\s', line):
                for w in self.expand(line.split(None, 1)[1]).split():
                    p = os.path.join(self.tree, w.replace(MARK, ''))
                    if os.path.isfile(p):
                        self.parse_file(p, MARK in w)
                    elif line.startswith('include'):
                        self.notes.add('%s: cannot include %s' % (self.where, p))
            elif not m:
                in_rule = self.statement(line)

    def statement(self, line):
        """an assignment, a rule (returns True) or an expression"""
        depth = 0
        for k, c in enumerate(line):
            depth += PAREN.get(c, 0)
            if depth or c not in ':=':
                continue
            if c == ':' and not line.startswith(('=', ':='), k + 1):
                targets = self.expand(line[:k]).split()
                prereqs = self.expand(line[k + 1:].split(';')[0]).split()
                self.targets.update(targets)
                self.rules += [(t[:-3], prereqs[0][:-3]) for t in targets if t.endswith('%.o')
                               and prereqs and prereqs[0].endswith('%.c')]
                return True
            j = k - 1 if k and line[k - 1] in '+?!' else k
            e = line.index('=', k) + 1
            self.assign(line[:j], line[j:e], line[e:].strip())
            return False
        self.expand(line)       # $(eval ...), $(foreach ...), $(info ...)
        return False

    def assign(self, lhs, op, rhs):
        config = re.search(r'\$[({]CONFIG_', lhs) is not None
        self.lhs = True
        name = self.expand(lhs).strip()
        self.lhs, cond = False, bool(self.conds) or config
        v = self.vars.get(name)
        if config and v and op in ('=', ':=', '::='):
            op = '+='           # obj-$(CONFIG_A) := a.o; obj-$(CONFIG_B) := b.o
        if op == '?=' and v:
            return
        if op == '!=':
            self.notes.add('%s: cannot evaluate != %s' % (self.where, rhs[:60]))
            op, rhs = '=', ''
        if op in ('=', '?=') or (op == '+=' and (not v or v[0])):
            text = '$(%s %s)' % (MARK, rhs) if cond else rhs
            if op == '+=' and v:
                v[1] += ' ' + text
            else:
                self.vars[name] = [True, text, set()]
            return
        saved, self.notes = self.notes, set()
        text = mark(self.expand(rhs)) if cond else self.expand(rhs)
        notes, self.notes = self.notes, saved | self.notes
        if op == '+=':
            v[1] += ' ' + text
            v[2] |= notes
        else:
            self.vars[name] = [False, text, notes]

    def words(self, name):
        return [(w.replace(MARK, ''), MARK in w) for w in self.expand('$(%s)' % name).split()]


class Audit:
    STRIP = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
    INCLUDE = re.compile(rb'#[ \t]*include[ \t]*"([^"\n]+)"')
    # only the definitions that can use another macro: they call one, or alias
    DEFINE = re.compile(r'#[ \t]*define[ \t]+(\w+)(?!\w)(\([^)]*\))?'
                        r'([^\n]*?\w[ \t]*\([^\n]*|[ \t]+\w+[ \t]*(?=\n|$))')
    DIRECTIVE = re.compile(r'#[^\n]*')     # once comments and strings are gone
    FUNCTION = re.compile(r'\b(\w+)\s*\([^;{}]*\)\s*\{')
    BRACE = re.compile('[{}]')
    CALL = re.compile(r'\b([A-Za-z_]\w*)\s*\(')
    USE = re.compile(r'\bDRM_CLASSMAP_(USE|DEFINE)\s*\(|\bDYNAMIC_DEBUG_CLASSMAP_'
                     r'(USE\s*\(\s*drm_debug_classes\s*\)|DEFINE\s*\(\s*drm_debug_classes\b)')

    def __init__(self, tree):
        self.tree, self.include = tree, os.path.join(tree, 'include') + os.sep
        self.modules, self.warnings, self.ignored = [], [], []
        self.cache, self.resolved = {}, {}

    def read_dir(self, kdir, subdir_inc):
        mk = [os.path.join(kdir, f) for f in ('Kbuild', 'Makefile')
              if os.path.isfile(os.path.join(kdir, f))]
        if not mk:
            return self.warnings.append('no Makefile in ' + os.path.relpath(kdir, self.tree))
        m = Make(self.tree, kdir)
        m.parse_file(mk[0])
        sub = subdir_inc + self.incdirs(m, 'subdir-ccflags-y')
        inc = sub + self.incdirs(m, 'ccflags-y')
        for n in sorted(m.notes):   # of these, only a missing include matters
            (self.warnings if 'cannot include' in n else self.ignored).append(n)
        m.notes = set()
        for w, _ in m.words('obj-y') + m.words('obj-m'):
            if w.endswith('/'):
                self.read_dir(os.path.normpath(os.path.join(kdir, w)), sub)
            elif w.endswith('.o'):
                objs = {}
                self.members(m, w[:-2], False, objs, set())
                self.modules.append({'name': os.path.basename(w[:-2]), 'kdir': kdir,
                                     'objs': objs, 'inc': inc})
        self.warnings += sorted(m.notes)

    def incdirs(self, m, var):
        w = [w for w, _ in m.words(var)]
        dirs = [w[k + 1] if a == '-I' else a[2:] for k, a in enumerate(w)
                if a.startswith('-I') and (a != '-I' or k + 1 < len(w))]
        return tuple(os.path.normpath(os.path.join(self.tree, d)) for d in dirs)

    def members(self, m, base, cond, objs, seen):
        """objs[source] = always built, for composite object base"""
        seen.add(base)
        words = [x for s in ('-objs', '-y', '-m') for x in m.words(base + s)]
        for w, c in words if words else [(base + '.o', False)]:
            nested = [x for s in ('-objs', '-y') for x in m.words(w[:-2] + s)]
            if w.endswith('.o') and nested and w[:-2] not in seen:
                self.members(m, w[:-2], cond or c, objs, seen)
            elif w.endswith('.o'):
                p = os.path.normpath(os.path.join(m.kdir, w))[:-2]
                src = next((os.path.normpath(s + p[len(t):]) for t, s in m.rules
                            if p.startswith(t)), p) + '.c'
                if os.path.isfile(src):
                    objs[src] = objs.get(src, False) or not (cond or c)
                elif not any(os.path.isfile(p + x) for x in ('.S', '.rs')) and not \
                        os.path.isfile(p.replace('.dtbo', '.dtso')) and src not in m.targets:
                    self.warnings.append('%s: no source for %s' % (
                        os.path.relpath(m.kdir, self.tree), w))

    def info(self, path):
        f = self.cache.get(path)
        if f is None:
            with open(path, 'rb') as fh:
                raw = fh.read()
            f = self.cache[path] = {'path': path, 'res': {}, 'parsed': False, 'defs': {},
                                    'calls': set(), 'inc': [
                                        i.decode() for i in self.INCLUDE.findall(raw)]}
            big = len(raw) > BIG and path.endswith('.h') and not any(k in raw for k in T0)
            f['raw'] = None if big else raw
        return f

    def parse(self, f):
        """defs: macro (or header function) -> [function-like, what it calls]"""
        text = self.STRIP.sub(' ', f['raw'].decode('latin-1').replace('\\\n', ' '))
        for m in self.DEFINE.finditer(text):
            d = f['defs'].setdefault(m[1], [bool(m[2]), set()])
            d[1].update(self.CALL.findall(m[3]) or [m[3].strip()])
        f['code'] = code = self.DIRECTIVE.sub('', text)
        f['use'] = 'CLASSMAP' in code and bool(self.USE.search(code))
        f['parsed'] = True
        if not f.get('path', '').endswith('.h'):
            f['calls'] = set(self.CALL.findall(code))
            return f
        pos = 0         # a header's function only has callsites where called
        while m := self.FUNCTION.search(code, pos):
            depth, pos = 0, len(code)
            for b in self.BRACE.finditer(code, m.end() - 1):
                depth += 1 if b[0] == '{' else -1
                if not depth:
                    pos = b.end()
                    break
            body = self.CALL.findall(code, m.end(), pos)
            f['defs'].setdefault(m[1], [True, set()])[1].update(body)
        return f

    def closure(self, c, dirs):
        """c and the local headers it includes, transitively"""
        seen, todo = {c}, [c]
        while todo:
            f = self.info(todo.pop())
            if dirs not in f['res']:
                f['res'][dirs] = [p for p in (self.resolve(i, os.path.dirname(f['path']), dirs)
                                              for i in f['inc'])
                                  if p and not p.startswith(self.include)]
            todo += [p for p in f['res'][dirs] if p not in seen]
            seen.update(f['res'][dirs])
        return seen

    def resolve(self, inc, here, dirs):
        key = (inc, here, dirs)
        if key not in self.resolved:
            paths = (os.path.normpath(os.path.join(d, inc)) for d in (here,) + dirs)
            self.resolved[key] = next((p for p in paths if os.path.isfile(p)), None)
        return self.resolved[key]

    @staticmethod
    def wrappers(fs, known):
        """known and the macros and functions of fs that use one of them"""
        known, changed = set(known), True
        while changed:
            new = {n for f in fs for n, (_, body) in f['defs'].items()
                   if n not in known and not body.isdisjoint(known)}
            known |= new
            changed = bool(new)
        return known

    def classd(self, fs, g):
        """has the .c that fs are (with its headers) a class'd callsite"""
        known = self.wrappers(fs, g)
        obj = [n for f in fs for n, (fn, _) in f['defs'].items() if not fn and n in known]
        rx = obj and re.compile(r'\b(%s)\b' % '|'.join(obj))
        return any(f['calls'] & known or (rx and not f['path'].endswith('.h') and
                                          rx.search(f['code'])) for f in fs)

    def uses(self, c):
        f = self.cache[c]
        if not f['parsed'] and b'CLASSMAP' in f['raw']:
            self.parse(f)
        return f.get('use')

    def run(self):
        with open(os.path.join(self.tree, 'include/drm/drm_print.h'), 'rb') as fh:
            dd = {'_dynamic_func_call_cls'}
            g = self.wrappers([self.parse({'raw': fh.read(), 'defs': {}})], dd) - dd
        for r in ROOTS:
            self.read_dir(os.path.join(self.tree, r), ())
        closures, included = [], set()
        for mod in self.modules:
            mod['closure'] = {c: self.closure(c, mod['inc']) for c in mod['objs']}
            closures += mod['closure'].values()
            included.update(p for c, cl in mod['closure'].items() for p in cl if p != c)
        # Parse just the files that name a class'd macro: first drm_print.h's,
        # then each wrapper that a header defines, in the files that are in
        # a .c's closure with it, until none is new. Headers over BIG were
        # only looked at for drm_print.h's names.
        names, new = set(), frozenset(g)
        todo = dict.fromkeys({p for cl in closures for p in cl}, new)
        while todo:
            for p, look in todo.items():
                f = self.cache[p]
                if not f['parsed'] and f['raw'] and any(k in f['raw'] for k in keys(look)):
                    self.parse(f)
            names |= new
            hdrs = [self.cache[p] for p in included if self.cache[p]['parsed']]
            new = self.wrappers(hdrs, names) - names
            where = {f['path']: frozenset(f['defs'].keys() & new) for f in hdrs}
            todo = {}
            for cl in closures:
                look = frozenset().union(*[where.get(p, ()) for p in cl])
                for p in cl if look else ():
                    todo[p] = todo.get(p, frozenset()) | look
        parsed = [f for f in self.cache.values() if f['parsed']]
        names = self.wrappers(parsed, names)
        for f in parsed:        # what matters, for speed
            f['defs'] = {n: d for n, d in f['defs'].items() if n in names}
            f['calls'] &= names
        for mod in self.modules:
            mod['calls'] = [c for c, cl in mod['closure'].items() if self.classd(
                [self.cache[p] for p in cl if self.cache[p]['parsed']], g)]
            mod['use'] = next((c for c, a in mod['objs'].items() if a and self.uses(c)), None)
        return sorted((m for m in self.modules if m['calls']),
                      key=lambda m: (m['kdir'], m['name']))


def suggest(mod):
    """the always-built .c to add the use to: one with callsites, then the
    one named like the main file of the module, then the first"""
    name = mod['name'].replace('-', '_')

    def score(c):
        b = os.path.basename(c)[:-2].replace('-', '_')
        return (c in mod['calls'], 3 if b == name else 2 if b.endswith('_drv') else
                1 if b.endswith(('_module', '_mod')) else 0)
    return max((c for c, a in mod['objs'].items() if a), key=score, default=None)


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description='Audit DRM_CLASSMAP_USE() in drm modules.')
    ap.add_argument('--tree', default=os.path.join(top, 'build/linux'), help='kernel tree')
    ap.add_argument('--json', action='store_true', help='print the data as JSON')
    ap.add_argument('--suggest', action='store_true', help='a file for each missing module')
    ap.add_argument('-v', '--verbose', action='store_true', help='files of each module')
    args = ap.parse_args()
    tree = os.path.abspath(args.tree)
    if not os.path.isfile(os.path.join(tree, 'include/drm/drm_print.h')):
        print('%s: no kernel tree at %s' % (ap.prog, tree), file=sys.stderr)
        return 2
    audit = Audit(tree)
    mods = audit.run()
    for w in dict.fromkeys(audit.warnings):
        print('warning: ' + w, file=sys.stderr)
    for w in audit.ignored if args.verbose else ():
        print('note: %s (in no object list)' % w, file=sys.stderr)
    missing = [m for m in mods if not m['use']]

    def rel(p):
        return p and os.path.relpath(p, tree)
    if args.json:
        json.dump({'modules': [{'module': m['name'], 'dir': rel(m['kdir']),
                                'files': sorted(map(rel, m['objs'])), 'use': rel(m['use']),
                                'callsite_files': sorted(map(rel, m['calls']))} for m in mods],
                   'missing': [m['name'] for m in missing]}, sys.stdout, indent=1)
        print()
    elif args.suggest:
        for m in missing:
            print(m['name'], rel(suggest(m)) or '-')
    else:
        for m in mods:
            if m['use']:
                print('ok   %s  %s' % (m['name'], rel(m['use'])))
            else:
                print('MISSING %s  (callsites in: %s)' % (m['name'], ', '.join(
                    sorted(os.path.relpath(c, m['kdir']) for c in m['calls']))))
            for c, a in sorted(m['objs'].items()) if args.verbose else ():
                print('        %s %s%s' % ('y' if a else '?', rel(c),
                                          ' *' if c in m['calls'] else ''))
        print("%d modules with class'd DRM debug, %d reached, %d missing"
              % (len(mods), len(mods) - len(missing), len(missing)))
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())

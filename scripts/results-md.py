#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Regenerate the measured blocks of docs/results.md from results/.

    scripts/results-md.py KUNIT_DIR RESULTS DOC [--check]

DOC holds prose and blocks between
    <!-- report: NAME -->
    <!-- report: end NAME -->
markers. Each block whose results are in RESULTS is rewritten from them,
headed by what produced them (the command, its date, the project commit,
the guest), read from the run-*.json that scripts/vm.sh writes beside a
guest's results; a block whose results are not here is kept as it is, so
that the file always holds the latest measurement of each thing. KTAP
documents are parsed with kunit.py's parser (KUNIT_DIR). Prints the
names of the blocks it rewrote on stderr; with --check it writes
nothing and fails when a block would change.
"""

import glob
import json
import os
import re
import sys

BEGIN = re.compile(r'^<!-- report: ([a-z0-9-]+) -->$')
END = '<!-- report: end {} -->'
# leaf results shown per group, failures and diagnostics always shown
LEAVES = 12


def load_json(path):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def run_of(*paths):
    """The newest run record in or under one of PATHS (dirs or files)."""
    found = []
    for p in paths:
        if os.path.isdir(p):
            found += glob.glob(os.path.join(p, '**', 'run-*.json'), recursive=True)
        elif os.path.isfile(p):
            found.append(p)
    runs = [r for r in (load_json(p) for p in found) if r]
    return max(runs, key=lambda r: r.get('date', '')) if runs else None


def produced_by(run):
    """One line: the command, its date, the commit, the guest."""
    if not run:
        return 'Produced by a run without a record.'
    cmd = run.get('command', '?')
    # settings from the environment; make's own command-line ones are in cmd
    settings = ' '.join(f'{k}={v}' for k, v in sorted(run.get('settings', {}).items())
                        if f'{k}={v}' not in cmd.split())
    cmd = (settings + ' ' if settings else '') + cmd
    if run.get('accel') == 'none':
        return (f"`{cmd}`, {run.get('date', '?')[:10]}, project commit "
                f"{run.get('project', '?')} (patches/ tree {run.get('patches', '?')}), on the host.")
    guest = f"{run.get('vcpus', '?')} vCPUs, {run.get('accel', '?').upper()}"
    if run.get('icount'):
        guest += ' (instruction clock)'
    if run.get('append'):
        guest += f", `{run['append']}`"
    return (f"`{cmd}`, {run.get('date', '?')[:10]}, project commit "
            f"{run.get('project', '?')} (patches/ tree {run.get('patches', '?')}), "
            f"kernel {run.get('kernel', '?')}, {guest}.")


# ---- KTAP ----

def parse_ktap(kunit_dir, path):
    sys.path.insert(0, kunit_dir)
    import kunit_parser  # pylint: disable=import-outside-toplevel
    import kunit_printer  # pylint: disable=import-outside-toplevel
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.read().splitlines()
    return kunit_parser.parse_run_tests(lines, kunit_printer.null_printer), kunit_parser


def counts_text(t):
    c = t.counts
    s = f'{c.passed} passed, {c.failed + c.crashed} failed'
    if c.skipped:
        s += f', {c.skipped} skipped'
    return s


def diags(t):
    out = []
    for line in t.log:
        line = line.strip()
        if line.startswith('# ') and not line.startswith('# Subtest:'):
            out.append(line[2:])
    return out


def status_word(kp, t):
    if t.status == kp.TestStatus.SUCCESS:
        return 'ok'
    if t.status == kp.TestStatus.SKIPPED:
        return 'skipped'
    return 'FAILED'


def md(text):
    return text.replace('|', '\\|').replace('*', '\\*').replace('_', '\\_')


def render_group(kp, t, depth, lines, max_depth):
    pad = '  ' * depth
    shown = 0
    hidden = 0
    for s in t.subtests:
        for d in diags(s):
            lines.append(f'{pad}- {md(d)}')
        if s.subtests and depth < max_depth:
            lines.append(f'{pad}- **{md(s.name)}**: {counts_text(s)}')
            render_group(kp, s, depth + 1, lines, max_depth)
        elif s.subtests:
            lines.append(f'{pad}- {md(s.name)}: {counts_text(s)}')
        else:
            word = status_word(kp, s)
            if word == 'ok' and shown >= LEAVES:
                hidden += 1
                continue
            shown += word == 'ok'
            reason = f' ({md(s.skip_reason)})' if word == 'skipped' and s.skip_reason else ''
            lines.append(f'{pad}- {word}: {md(s.name)}{reason}')
    if hidden:
        lines.append(f'{pad}- and {hidden} more, all passed')


def ktap_block(kunit_dir, path, run, max_depth=3):
    t, kp = parse_ktap(kunit_dir, path)
    lines = [produced_by(run) + f' KTAP: `{os.path.basename(path)}`, {counts_text(t)}.', '']
    for d in diags(t):
        lines.append(f'- {md(d)}')
    render_group(kp, t, 0, lines, max_depth)
    return lines


# ---- JSON results ----

# the committed "before" that make demo uses until a local make baseline
REFERENCE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                         'docs', 'reference', 'baseline-measure.json')


def demo_block(res):
    a = load_json(os.path.join(res, 'measure.json'))
    b = load_json(os.path.join(res, 'baseline', 'measure.json'))
    before = 'Before: ' + produced_by(run_of(os.path.join(res, 'baseline', 'run-measure.json')))
    if not b:
        b = load_json(REFERENCE)
        before = ('Before: the reference measurement of the baseline, '
                  '[docs/reference/](reference/README.md) (`make baseline`).')
    if not a or not b:
        return None
    lines = ['After: ' + produced_by(run_of(os.path.join(res, 'run-measure.json'))),
             before,
             '',
             f"{a['classd_total']} class'd callsites ("
             + ', '.join(f"{m} {v['classd']}" for m, v in a['modules'].items()) + ').',
             '',
             '| pattern | sites | IPIs before | IPIs after | syncs after | ms before | ms after |',
             '| --- | ---: | ---: | ---: | ---: | ---: | ---: |']
    before = {p['pattern']: p for p in b['patterns']}
    for p in a['patterns']:
        o = before.get(p['pattern'])
        if not o:
            continue
        lines.append(f"| {p['pattern']} | {p['sites']} | {o['ipis']} | {p['ipis']} | "
                     f"{p['syncs']} | {round(o['ns'] / 1e6)} | {round(p['ns'] / 1e6)} |")
    after = {p['pattern']: p for p in a['patterns']}
    ms = lambda p: round(p['ns'] / 1e6)  # noqa: E731
    w, wb = after.get('one-write-on'), before.get('one-write-on')
    if w and wb:
        lines += ['', f"- One write of the whole mask: {w['syncs']} sync rounds ({w['ipis']} IPIs) "
                  f"instead of {wb['syncs']} ({wb['ipis']} IPIs), {ms(w)} ms instead of {ms(wb)}."]
        n = after.get('no-op-write')
        if n:
            lines.append(f"- A write that changes nothing: {n['syncs']} rounds, {ms(n)} ms.")
    c, pc = after.get('classes-one-write-on'), after.get('per-class-on')
    if c and pc:
        lines.append(f"- The ten per-class queries in one control write: {c['syncs']} rounds, "
                     f"{ms(c)} ms; as ten writes, {pc['syncs']} rounds and {ms(pc)} ms.")
    s, sb = after.get('per-site-on'), before.get('per-site-on')
    if s and sb and sb['ns']:
        lines.append(f"- One callsite per write: {s['syncs']} rounds for {s['sites']} writes, "
                     f"{s['ns'] / sb['ns']:.2f} of the baseline's time.")
    return lines


def scale_block(res):
    rows = load_json(os.path.join(res, 'scale.json'))
    if not rows:
        return None
    lines = [produced_by(run_of(os.path.join(res, 'scale'))), '',
             'One drm.debug write 0 -> 0x3ff and a module load, per kernel and vCPUs:', '',
             '| stage | write | kernel | vCPUs | sites | syncs | IPIs | ms |',
             '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |']
    for r in sorted(rows, key=lambda r: (r['stage'], str(r['write']), r['kernel'], r['ncpu'])):
        lines.append(f"| {r['stage']} | {r['write']} | {r['kernel']} | {r['ncpu']} | "
                     f"{r['sites']} | {r['syncs']} | {r['ipis']} | {r['ms']} |")
    return lines


def text_block(res, name, rel):
    path = os.path.join(res, rel)
    if not os.path.isfile(path):
        return None
    with open(path, encoding='utf-8', errors='replace') as f:
        body = f.read().rstrip('\n')
    return [produced_by(run_of(os.path.dirname(path))), '', '```', body, '```']


def matrix_block(res):
    path = os.path.join(res, 'matrix', 'summary.tsv')
    if not os.path.isfile(path):
        return None
    lines = [produced_by(run_of(os.path.join(res, 'matrix'))), '',
             '| config | series build s | base build s | warnings series | warnings base | new'
             ' | series | base |',
             '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |']
    with open(path, encoding='utf-8') as f:
        for row in f:
            cells = row.rstrip('\n').split('\t')
            if cells and cells[0] != 'config':
                cells += [''] * (8 - len(cells))
                lines.append('| ' + ' | '.join(cells) + ' |')
    return lines


# name -> how to render it: a function of (RESULTS), or (KTAP path, run
# record dir, depth) for a KTAP document
KTAP_BLOCKS = {
    'test': ('test.ktap', 'test', 1),
    'lateload': ('test/lateload/lateload.ktap', 'test/lateload', 3),
    'ftrace': ('test/guest/ftrace.ktap', 'test/guest', 3),
    'builtin': ('builtin/builtin.ktap', 'builtin', 3),
    'xe': ('xe/xe.ktap', 'xe', 3),
    'alldrm': ('alldrm/alldrm.ktap', 'alldrm', 2),
    'howto': ('howto/howto.ktap', 'howto', 1),
    'plain': ('plain/plain.ktap', 'plain', 3),
    'igt-baseline': ('baseline/igt-run.ktap', 'baseline', 3),
    'stress': ('stress/stress.ktap', 'stress', 3),
    'fuzz': ('fuzz/fuzz.ktap', 'fuzz', 3),
    'leak': ('leak/leak.ktap', 'leak', 3),
    'kasan': ('kasan/kasan.ktap', 'kasan', 1),
    'bisect': ('bisect.ktap', 'bisect', 1),
}
OTHER_BLOCKS = {
    'demo': demo_block,
    'scale': scale_block,
    'profile': lambda res: text_block(res, 'profile', 'profile/profile.txt'),
    'profile-nolockdep': lambda res: text_block(res, 'profile-nolockdep',
                                                'profile-nolockdep/profile.txt'),
    'matrix': matrix_block,
}


def render(name, kunit_dir, res):
    if name in OTHER_BLOCKS:
        return OTHER_BLOCKS[name](res)
    if name in KTAP_BLOCKS:
        rel, rundir, depth = KTAP_BLOCKS[name]
        path = os.path.join(res, rel)
        if not os.path.isfile(path):
            return None
        return ktap_block(kunit_dir, path, run_of(os.path.join(res, rundir)), depth)
    raise SystemExit(f'results-md: unknown block {name}')


def main():
    args = [a for a in sys.argv[1:] if a != '--check']
    check = '--check' in sys.argv[1:]
    if len(args) != 3:
        raise SystemExit(__doc__)
    kunit_dir, res, doc = args
    with open(doc, encoding='utf-8') as f:
        old = f.read().splitlines()
    new, i, changed = [], 0, []
    while i < len(old):
        m = BEGIN.match(old[i])
        new.append(old[i])
        i += 1
        if not m:
            continue
        name = m.group(1)
        try:
            j = old.index(END.format(name), i)
        except ValueError as e:
            raise SystemExit(f'results-md: {doc}: block {name} has no end marker') from e
        body = render(name, kunit_dir, res)
        if body is None:
            new += old[i:j]
        else:
            new += body
            if body != old[i:j]:
                changed.append(name)
        new.append(old[j])
        i = j + 1
    for name in changed:
        print(f'results-md: {name} rewritten from {res}', file=sys.stderr)
    if check:
        sys.exit(1 if changed else 0)
    with open(doc, 'w', encoding='utf-8') as f:
        f.write('\n'.join(new) + '\n')


if __name__ == '__main__':
    main()

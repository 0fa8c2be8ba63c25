#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# tests/igt/patches/*-tests-core_debug_toggle-*.patch holds
# tests/igt/core_debug_toggle.c as a new file for IGT's tree. Rewrite that
# part of the patch (the file's lines, its hunk header, blob id and
# diffstat) from the file, so that the test exists once. With --check,
# change nothing and fail if the patch is not what it would be.
import glob
import hashlib
import os
import re
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = os.path.join(top, 'tests/igt/core_debug_toggle.c')
pat = glob.glob(os.path.join(top, 'tests/igt/patches/*-tests-core_debug_toggle-*.patch'))
if len(pat) != 1:
    sys.exit('igt-patch: expected one core_debug_toggle patch, found %d' % len(pat))
data = open(src, 'rb').read()
lines = data.decode().splitlines()
blob = hashlib.sha1(b'blob %d\0' % len(data) + data).hexdigest()[:9]
text = open(pat[0]).read()
head = re.escape('diff --git a/tests/core_debug_toggle.c b/tests/core_debug_toggle.c\n')
m = re.search(head + r'new file mode 100644\nindex 0+\.\.[0-9a-f]+\n--- /dev/null\n'
              r'\+\+\+ b/tests/core_debug_toggle.c\n@@ -0,0 \+1,\d+ @@\n(?:\+[^\n]*\n)*', text)
if not m:
    sys.exit('igt-patch: no new-file diff of tests/core_debug_toggle.c in ' + pat[0])
new = ('diff --git a/tests/core_debug_toggle.c b/tests/core_debug_toggle.c\n'
       'new file mode 100644\nindex 000000000..%s\n--- /dev/null\n'
       '+++ b/tests/core_debug_toggle.c\n@@ -0,0 +1,%d @@\n' % (blob, len(lines)) +
       ''.join('+' + ln + '\n' for ln in lines))
out = text[:m.start()] + new + text[m.end():]
# the diffstat: this file's count, and the total (the meson.build line: 1)
out = re.sub(r'( tests/core_debug_toggle\.c \| )\d+', lambda x: x.group(1) + str(len(lines)), out, 1)
out = re.sub(r'2 files changed, \d+ insertions\(\+\)', '2 files changed, %d insertions(+)' % (len(lines) + 1), out, 1)
if '--check' in sys.argv[1:]:
    if out != text:
        sys.exit('igt-patch: %s is not tests/igt/core_debug_toggle.c (scripts/igt-patch.py)'
                 % os.path.relpath(pat[0], top))
else:
    open(pat[0], 'w').write(out)

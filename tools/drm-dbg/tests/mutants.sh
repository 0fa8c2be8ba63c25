#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mutation check of the unit tests: apply each mutant below to a copy of
# drm-dbg, run "make check" there, and expect it to fail. Prints KTAP;
# exit 0 iff every mutant is killed. Run from tools/drm-dbg:
#   tests/mutants.sh [NAME-FILTER]
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name|file|perl substitution (one line): the bug it plants
mutants=(
"capture-no-restore|capture.c|s/c\.mask_restored = !debug_write\(c\.old\);/c.mask_restored = true;/"
"capture-no-flags-restore|capture.c|s/c\.flags_ok = c\.flags_saved && !flags_restore\(&snap, &c\.flags_restored\);/c.flags_ok = c.flags_saved;/"
"capture-restore-claimed|capture.c|s/c\.mask_restored = !debug_write\(c\.old\);/c.mask_restored = !debug_write(c.old) || 1;/"
"capture-flags-restore-claimed|capture.c|s/if \(c->flags_ok\)\n/if (c->flags_saved)\n/"
"capture-lost-per-overflow|capture.c|s/k->lost \+= seq - k->next_seq;/k->lost++;/"
"capture-hung-child-no-sigkill|capture.c|s/kill\(c->child, SIGKILL\);/;/"
"capture-waits-for-child|capture.c|s/\t\tc->child = child;\n/\t\twhile (waitpid(child, \&c->status, 0) < 0 \&\& errno == EINTR);\n/"
"capture-old-log|capture.c|s/\tsysio\.kmsg_skip_old\(k\.fd\);/\t;/"
"capture-output-late|capture.c|s/out = fd >= 0 \? fdopen\(fd, \"w\"\) : NULL;/out = fd >= 0 ? fdopen(fd, \"w\") : stdout;/"
"capture-status-lost|capture.c|s/rc = shell_status\(c\.status\);/rc = 0;/"
"capture-signal-0|capture.c|s/rc = 128 \+ sig;/rc = 0;/"
"bench-no-restore|bench.c|s/!debug_write\(0\) && !debug_write\(b\.old\)/!debug_write(0)/"
"bench-no-flags-restore|bench.c|s/flags_ok = !dyndbg \|\| !flags_restore\(&snap, NULL\);/flags_ok = true;/"
"restore-silent|kernel.c|s/if \(!mask_ok\)\n/if (!mask_ok \&\& 0)\n/"
"bench-never-off|bench.c|s/debug_write\(on \? CATEGORY_ALL_MASK : 0\)/debug_write(CATEGORY_ALL_MASK)/"
"bench-off-query|bench.c|s/\"%s -p\\\\n\"/\"%s +-\\\\n\"/"
"bench-median-min|bench.c|s/s\.median = n % 2 \? v\[n \/ 2\] : \(v\[n \/ 2 - 1\] \+ v\[n \/ 2\]\) \/ 2;/s.median = v[0];/"
"bench-stray-args|bench.c|s/if \(optind < argc\) \{/if (0) {/"
"bench-ipis-zero|bench.c|s/b\.have_cal = read_cal\(\) >= 0;/b.have_cal = true;/"
"writable-check-skipped|kernel.c|s/if \(sysio\.writable\(sys_path/if (0 \&\& sysio.writable(sys_path/"
"set-m-no-writable-check|set.c|s/rc = control_writable\(\);\n/rc = 0;\n/"
"set-m-all-modules|set.c|s/\"module %s class DRM_UT_%s %cp\\\\n\", a->module,/\"class DRM_UT_%s %cp\\\\n\",/"
"set-dry-run-writes|set.c|s/if \(!rc && !a\.dry_run\) \{/if (!rc) {/"
"set-decorate-half|set.c|s/if \(rc && new != old && debug_write\(old\)\)/if (0)/"
"eacces-not-5|util.c|s/return err == EACCES \|\| err == EPERM \? EXIT_PERM/return err == -1 ? EXIT_PERM/"
"devices-none|devices.c|s/n = drmGetDevices2\(0, devs, MAX_DEVICES\);/n = 0;/"
"typo-threshold|category.c|s/bestd = len <= 2 \? 0 : len <= 4 \? 1 : 2;/bestd = len ? 2 : 2;/"
"unknown-bits-hidden|category.c|s/if \(mask & ~CATEGORY_ALL_MASK\)\n\t\tpos/if (0)\n\t\tpos/"
"json-no-utf8-check|json.c|s/n = utf8_seq_len\(s, left\);/n = 1;/"
"interrupts-short-line|kernel.c|s/while \(read_line\(f, &line, &cap\)\) \{\n\t\tchar \*p = line, \*end;/while (read_line(f, \&line, \&cap)) {\n\t\tchar *p = line, *end;\n\t\tif (strlen(line) > 4095) line[4095] = 0;/"
"restore-query-too-long|control.c|s/\"module %s file %s line %u class %s\", cs->module, cs->file,/\"module %s func %s file %s line %u class %s\", cs->module, cs->function, cs->file,/"
"restore-one-write-only|control.c|s/if \(len \+ n > CONTROL_WRITE_MAX\) \{/if (len + n > CONTROL_WRITE_MAX \&\& 0) {/"
"octal-accepted|category.c|s/if \(s\[0\] == '0' && isdigit/if (0 \&\& isdigit/"
"seconds-unchecked|util.c|s/if \(end == s \|\| \*end \|\| errno \|\| !isfinite\(v\)/if (end == s/"
"lock-ignored|state.c|s/if \(flock\(fd, LOCK_EX \| LOCK_NB\)\) \{/if (0) {/"
"state-not-saved|state.c|s/\tstate_path\(tmp, sizeof\(tmp\), \"state\.new\"\);/\treturn 0;\n\tstate_path(tmp, sizeof(tmp), \"state.new\");/"
"saved-state-ignored|state.c|s/\tif \(refuse_saved\) \{/\tif (refuse_saved \&\& 0) {/"
"state-cleared-after-failed-restore|capture.c|s/if \(c\.mask_restored && \(c\.flags_ok \|\| !c\.flags_saved\)\)\n\t\tstate_clear\(\);/state_clear();/"
"restore-keeps-state|restore.c|s/\t\tstate_clear\(\);\n\t\tprint_outcome\(\"restored\"/\t\tprint_outcome(\"restored\"/"
"reset-mask-only|restore.c|s/if \(!rc && dyndbg\)\n\t\trc = control_write_all\(&q\);/if (0)\n\t\trc = control_write_all(\&q);/"
"bench-counter-unchecked|bench.c|s/if \(h1 < 0 \|\| h1 < h0\) \{/if (0) {/"
"bench-tracefs-probe|kprobe.c|s/\tif \(!nfds \|\| sync_probe_hits\(\) < 0\) \{/\t{ char q[512]; sysio.write(sys_path(q, sizeof(q), \"kernel\/tracing\/kprobe_events\"), \"p:x do_sync_core\", 15, true); }\n\tif (!nfds || sync_probe_hits() < 0) {/"
"roots-under-sudo|cli.c|s/getuid\(\) != geteuid\(\) \|\| getenv\(\"SUDO_UID\"\)/getuid() != geteuid()/"
"set-m-plain-bitmask|set.c|s/if \(drm_loaded\(\) && !drm_uses_dyndbg\(\)\) \{/if (0) {/"
"capture-log-buffered|capture.c|s/\t\tfflush\(k->log\);\n/\n/"
"capture-no-json|capture.c|s/if \(json_output && !pr_err_printed\(\)\)\n\t\tcapture_json/if (0)\n\t\tcapture_json/"
"restore-stops-at-failure|control.c|s/wrc = write_all\(&r\.q, true\);/wrc = write_all(\&r.q, false);/"
"restore-no-readback|control.c|s/\tif \(!rc && left\.q\.n\) \{/\tif (0) {/"
"json-not-held|json.c|s/\tif \(out == stdout\) \{/\tif (0) {/"
"status-default-optind|cli.c|s/\t\toptind = 0;\n\t\treturn do_status/\t\treturn do_status/"
)

echo "KTAP version 1"
n=0
for m in "${mutants[@]}"; do
	[ -z "${1:-}" ] || [[ $m == *"$1"* ]] || continue
	n=$((n + 1))
done
echo "1..$n"
# the unmutated objects, built once: a mutant rebuilds only its own file
mkdir "$work/base"
cp -r "$src"/*.c "$src"/*.h "$src/Makefile" "$src/tests" "$work/base/"
rm -rf "$work/base/out"
if ! make -s -C "$work/base" out/test-drm-dbg >"$work/log" 2>&1; then
	cat "$work/log" >&2
	echo "Bail out! drm-dbg does not build"
	exit 1
fi
# one_mutant I NAME FILE SUBST: its KTAP line, in $work/res.I
one_mutant() {
	local i=$1 name=$2 file=$3 subst=$4 t=$work/t.$1 by
	cp -a "$work/base" "$t"
	if ! perl -0pi -e "$subst" "$t/$file" || cmp -s "$src/$file" "$t/$file"; then
		echo "not ok $i $name # the mutation did not apply"
	elif ! make -s -C "$t" out/test-drm-dbg >"$t.log" 2>&1; then
		echo "not ok $i $name # the mutant does not build"
	elif make -s -C "$t" check >"$t.log" 2>&1; then
		echo "not ok $i $name # survived"
	else
		by=$(grep -m1 -o 'FAILED  \] test_[a-z_0-9]*' "$t.log" | sed 's/.*\] //')
		[ -n "$by" ] || by=$(grep -m1 -o 'ERROR: [A-Za-z]*Sanitizer: [a-z-]*' "$t.log")
		echo "ok $i $name # killed: ${by:-the test binary failed}"
	fi >"$work/res.$i"
	rm -rf "$t"
}

# MUTANT_JOBS at a time (default 4): the tests mostly wait on timers
jobs=${MUTANT_JOBS:-4}
i=0
for m in "${mutants[@]}"; do
	IFS='|' read -r name file subst <<<"$m"
	[ -z "${1:-}" ] || [[ $m == *"$1"* ]] || continue
	i=$((i + 1))
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	one_mutant "$i" "$name" "$file" "$subst" &
done
wait
fail=0
for k in $(seq 1 "$i"); do
	cat "$work/res.$k"
	grep -q '^ok ' "$work/res.$k" || fail=$((fail + 1))
done
echo "# $((i - fail))/$i mutants killed"
[ "$fail" = 0 ]

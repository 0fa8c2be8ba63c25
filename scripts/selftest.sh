#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The workbench's own helpers, on the host, against known answers: the
# KTAP writer (lib/ktap.sh) as kunit.py parses it, the IGT converter,
# the KUnit extraction from dmesg, and the control-file parser
# (guest/callsites.sh's dd_sites and its filters) on the control files captured
# from the guest (tools/drm-dbg/tests/data), and the classmap audit on a
# made-up tree. KTAP on stdout; part of
# make check.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DRMDBG_OUT=$work
# shellcheck source=guest/callsites.sh
. "$TOP/guest/callsites.sh"
. "$TOP/lib/ktap.sh"
kunit=$(kunit_py)

# parsed FILE: "tests passed failed skipped errors" as kunit.py counts them
parsed() {
	python3 "$kunit" parse --json="$work/p.json" "$(realpath "$1")" >/dev/null 2>&1
	jq -r '.misc | "\(.tests) \(.passed) \(.failed + .crashed) \(.skipped) \(.errors)"' "$work/p.json"
}

# A document with every kind of result, written in a child shell so its
# state is its own.
writer_doc() {
	(
		. "$TOP/lib/ktap.sh"
		ktap_begin
		ktap_suite "outer"
		check "a command that succeeds" true
		check "a command that fails" false
		ktap_suite "inner"
		check_eq "equal" 1 1
		ktap_skip "skipped" "no hardware"
		ktap_end
		ktap_end
		ktap_suite "empty"
		ktap_end
		printf 'TAP version 13\n1..2\nok 1 x\nok 2 y # SKIP z\n' >"$work/sub.tap"
		ktap_embed "embedded, 2 of 2" "$work/sub.tap" 0
		printf 'TAP version 13\n1..3\nok 1 x\nok 2 y\n' >"$work/short.tap"
		ktap_embed "embedded, 2 of 3" "$work/short.tap" 0
		ktap_embed "embedded, exit 1" "$work/sub.tap" 1
		printf 'TAP version 13\n1..0 # SKIP no root\n' >"$work/none.tap"
		ktap_embed "embedded, skipped whole" "$work/none.tap" 4 4
		ktap_embed "embedded, missing" "$work/nothing.tap" 0
		ktap_finish
	) 2>/dev/null
}

ktap_begin
ktap_suite "lib/ktap.sh"
rc=0
writer_doc >"$work/doc.ktap" || rc=$?
check_eq "a failed result makes ktap_finish fail" "$rc" 1
# kunit.py counts leaves: outer 2 + inner 2, empty 1, embedded 2 + 2
# (and the third, missing: crashed, a parse error) + 2 (and the parent's
# own failure: its exit status), the skipped one 1, the missing one 1
check_eq "kunit.py parse: tests passed failed skipped errors" \
	"$(parsed "$work/doc.ktap")" "15 6 5 4 1"
check_eq "top-level results (a plan, numbered in order)" \
	"$(sed -En 's/^((not )?ok [0-9]+).*/\1/p' "$work/doc.ktap" | paste -sd,)" \
	"not ok 1,not ok 2,ok 3,not ok 4,not ok 5,ok 6,not ok 7"
check_eq "the plan comes first" "$(sed -n 2p "$work/doc.ktap")" "1..7"
ktap_end

ktap_suite "igt_to_ktap"
cat >"$work/igt.txt" <<'EOF'
IGT-Version: 1.27.1 (x86_64) (Linux: 7.2.13 x86_64)
Starting subtest: toggle-cost
Starting dynamic subtest: i915
Dynamic subtest i915: SUCCESS (1.234s)
Starting dynamic subtest: amdgpu
(core_debug_toggle:42) CRITICAL: Test assertion failure
Dynamic subtest amdgpu: FAIL (0.500s)
Subtest toggle-cost: FAIL (1.800s)
Starting subtest: noop-write
Subtest noop-write: SKIP (0.000s)
Starting subtest: plain
Subtest plain: SUCCESS (0.100s)
EOF
igt_to_ktap <"$work/igt.txt" >"$work/igt.ktap"
check_eq "kunit.py parse: tests passed failed skipped errors" "$(parsed "$work/igt.ktap")" "4 2 1 1 0"
check_eq "subtests at the top, dynamic subtests nested" \
	"$(grep -E '^ *(ok|not ok) ' "$work/igt.ktap" | sed 's/ *#.*//' | paste -sd,)" \
	"  ok 1 i915,  not ok 2 amdgpu,not ok 1 toggle-cost,ok 2 noop-write,ok 3 plain"
ktap_end

ktap_suite "ktap_kunit_dmesg"
dmesg() {
	cat <<'EOF'
Linux version 7.2.13
KTAP version 1
1..2
    KTAP version 1
    # Subtest: suite_a
    1..1
random: crng init done
    ok 1 case_a
ok 1 suite_a
    KTAP version 1
    # Subtest: suite_b
    1..1
    not ok 1 case_b
not ok 2 suite_b
KTAP version 1
1..1
ok 1 loaded_later
EOF
}
(
	. "$TOP/lib/ktap.sh"
	ktap_begin
	ktap_kunit_dmesg "KUnit"
	ktap_finish
) >"$work/kunit-doc.ktap" 2>/dev/null
check_eq "the first document only, kernel lines left out" \
	"$(grep -c . "$work/kunit.ktap") $(grep -c crng "$work/kunit.ktap")" "12 0"
check_eq "kunit.py parse: tests passed failed skipped errors" "$(parsed "$work/kunit-doc.ktap")" "2 1 1 0 0"
unset -f dmesg
ktap_end

# the malformed-input run's reference model (guest/ddfuzz.py) against
# known answers
rc=0
python3 "$TOP/guest/ddfuzz.py" --selftest >"$work/model.tap" 2>&1 || rc=$?
ktap_embed "ddfuzz.py reference model" "$work/model.tap" "$rc"

# dd_sites against plain greps of the same file
for f in "$TOP"/tools/drm-dbg/tests/data/control-*.txt; do
	[ -f "$f" ] || continue
	ktap_suite "dd_sites ${f##*/}"
	CONTROL=$f
	grep -E '^[^ ]+:[0-9]+ \[' "$f" >"$work/sites"
	all=$(grep -c . "$work/sites")
	check_eq "one line per callsite" "$(dd_sites | count)" "$all"
	check_eq "class'd" "$(dd_sites | classd | count)" "$(grep -c '" class:[A-Za-z0-9_]*$' "$f")"
	check_eq "unknown class" "$(dd_sites | unknown_class | count)" "$(grep -c '" class unknown, _id:[0-9]*$' "$f")"
	check_eq "class-less" "$(dd_sites | plain | count)" \
		"$(grep -vc '" class[: ]' "$work/sites")"
	check_eq "enabled" "$(dd_sites | enabled | count)" "$(awk '$3 ~ /p/' "$work/sites" | wc -l)"
	check_eq "in_mask 0x4 = class DRM_UT_KMS" "$(dd_sites | classd | in_mask 0x4 | count)" \
		"$(grep -c '" class:DRM_UT_KMS$' "$f")"
	check_eq "in_mask 0x3ff = every DRM class" "$(dd_sites | classd | in_mask 0x3ff | count)" \
		"$(grep -c '" class:DRM_UT_[A-Z]*$' "$f")"
	# every field, against sed on the raw lines
	sed -E 's/^([^ ]*) \[([^]]*)\][^ ]* =([^ ]*) .*/\1 \2 \3/' "$work/sites" >"$work/fields"
	sed -E 's/.*" class:([^ ]*)$/\1/; t; s/.*" class unknown, _id:([0-9]+)$/unknown:\1/; t; s/.*/-/' "$work/sites" |
		paste -d' ' "$work/fields" - | awk '{ print $2, $4, $1, $3 }' >"$work/want"
	dd_sites | awk '{ print $1, $2, $3 ":" $4, $5 }' >"$work/got"
	check "every field of every callsite (module class file:line flags)" cmp "$work/got" "$work/want"
	check "the function of every callsite" cmp <(dd_sites | awk '{ print $6 }') \
		<(sed -E 's/^[^ ]* \[[^]]*\]([^ ]*) .*/\1/' "$work/sites")
	m=$(dd_sites | awk 'NR == 1 { print $1 }')
	check_eq "dd_sites $m: its callsites only" "$(dd_sites "$m" | count)" \
		"$(grep -c "^[^ ]* \[$m\]" "$f")"
	ktap_end
done
# scripts/results-md.py (make report) on made-up results: a block with
# results is rewritten from them and headed by its run record, one
# without is kept as it is, an unclosed block is an error.
ktap_suite "results-md.py"
r=$work/res
mkdir -p "$r/stress"
writer_doc >"$r/stress/stress.ktap" || true
jq -n '{command: "make stress STRESS_SECONDS=60", date: "2026-01-02T03:04:05Z", project: "abc1234",
	patches: "def5678", kernel: "7.2.13", vcpus: 4, accel: "tcg", icount: false, append: "",
	status: 0, settings: {STRESS_SECONDS: "60", FUZZ_SEED: "7"}}' >"$r/stress/run-stress.json"
printf '%s\n' "# t" "" "<!-- report: stress -->" "old figures" "<!-- report: end stress -->" \
	"<!-- report: leak -->" "kept figures" "<!-- report: end leak -->" >"$work/doc.md"
cp "$work/doc.md" "$work/doc0.md"
md() { python3 "$TOP/scripts/results-md.py" "$(dirname "$kunit")" "$r" "$work/doc.md" "$@" 2>/dev/null; }
rc=0; md --check || rc=$?
check_eq "--check with a block to rewrite: exit 1" "$rc" 1
check "... and the file unchanged" cmp -s "$work/doc.md" "$work/doc0.md"
md
check_eq "the block headed by its run record" "$(sed -n 4p "$work/doc.md")" \
	"\`FUZZ_SEED=7 make stress STRESS_SECONDS=60\`, 2026-01-02, project commit abc1234 (patches/ tree def5678), kernel 7.2.13, 4 vCPUs, TCG. KTAP: \`stress.ktap\`, 6 passed, 5 failed, 4 skipped."
check_eq "... its results, a failure among them" \
	"$(grep -c '^  - FAILED: a command that fails$' "$work/doc.md")" 1
check_eq "the block without results kept" "$(sed -n '/report: leak -->/,/report: end leak/p' "$work/doc.md" | paste -sd,)" \
	"<!-- report: leak -->,kept figures,<!-- report: end leak -->"
rc=0; md --check || rc=$?
check_eq "--check after the rewrite: exit 0" "$rc" 0
printf '%s\n' "<!-- report: stress -->" "x" >"$work/doc.md"
rc=0; md || rc=$?
check_eq "a block without its end marker: exit 1" "$rc" 1
rc=0
python3 "$TOP/scripts/results-md.py" "$(dirname "$kunit")" "$work/none" "$TOP/docs/results.md" --check || rc=$?
check_eq "docs/results.md: every block closed and known (--check, no results)" "$rc" 0
ktap_end

# scripts/classmap-audit.py on a made-up tree with drm_print.h of $KTREE
# (Makefiles written with printf: $(...) is make syntax, not the shell's):
# module foo's callsites are in foo_kms.c and its use only in a file built
# under a condition (not enough); bar has both in bar.c.
ktap_suite "classmap-audit.py"
# shellcheck disable=SC2016
if [ -f "$KTREE/include/drm/drm_print.h" ]; then
	t=$work/tree
	mkdir -p "$t/drivers/gpu/drm/foo" "$t/drivers/accel" "$t/include/drm"
	cp "$KTREE/include/drm/drm_print.h" "$t/include/drm/"
	printf 'obj-$(CONFIG_DRM_FOO) += foo/\nobj-$(CONFIG_DRM_BAR) += bar.o\n' >"$t/drivers/gpu/drm/Makefile"
	printf 'foo-y := foo_main.o foo_kms.o\nfoo-$(CONFIG_DRM_FOO_DEBUGFS) += foo_debugfs.o\nobj-$(CONFIG_DRM_FOO) += foo.o\n' \
		>"$t/drivers/gpu/drm/foo/Makefile"
	: >"$t/drivers/accel/Makefile"
	printf 'void f(void) { drm_dbg_kms(NULL, "x"); }\n' >"$t/drivers/gpu/drm/foo/foo_kms.c"
	printf 'MODULE_LICENSE("GPL");\n' >"$t/drivers/gpu/drm/foo/foo_main.c"
	printf 'DRM_CLASSMAP_USE(drm_debug_classes);\n' >"$t/drivers/gpu/drm/foo/foo_debugfs.c"
	printf 'void g(void) { DRM_DEBUG("y"); }\nDRM_CLASSMAP_USE(drm_debug_classes);\n' >"$t/drivers/gpu/drm/bar.c"
	audit() { python3 "$TOP/scripts/classmap-audit.py" --tree "$t" "$@"; }
	rc=0; audit >"$work/audit.txt" || rc=$?
	check_eq "a module whose use is built only under a condition: exit 1" "$rc" 1
	check_eq "... reported" "$(tail -1 "$work/audit.txt")" "2 modules with class'd DRM debug, 1 reached, 1 missing"
	check_eq "... and the file to add the use to" "$(audit --suggest)" "foo drivers/gpu/drm/foo/foo_kms.c"
	printf 'DRM_CLASSMAP_USE(drm_debug_classes);\n' >>"$t/drivers/gpu/drm/foo/foo_main.c"
	rc=0; audit >"$work/audit.txt" || rc=$?
	check_eq "with the use in an always-built file: exit 0" "$rc" 0
	check_eq "... 2 reached" "$(tail -1 "$work/audit.txt")" "2 modules with class'd DRM debug, 2 reached, 0 missing"
else
	ktap_skip "the audit of a made-up tree" "no $KTREE/include/drm/drm_print.h"
fi
ktap_end

ktap_finish

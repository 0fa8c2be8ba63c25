# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# KTAP output (the kernel's Documentation/dev-tools/ktap.rst) for the
# host checks and the guest tests. Sourced by bash scripts.
#
#   ktap_begin [PLAN]        start the document. With PLAN (known up
#                            front) the top-level results print as they
#                            come; without, the document prints at the end.
#   ktap_suite NAME          open a nested subtest: results go into it
#   ktap_end                 close it: its block (version, "# Subtest:",
#                            plan, results), then its own result line
#   ktap_ok DESC | ktap_fail DESC [WHY] | ktap_skip DESC REASON
#   ktap_diag TEXT...        "# " diagnostic lines (one per line of TEXT)
#   check DESC CMD...        ok when CMD succeeds (its output, on failure,
#                            becomes diagnostics)
#   check_eq DESC GOT WANT, check_le DESC GOT MAX, check_ge DESC GOT MIN
#   ktap_embed NAME FILE [RC [SKIP_RC]]
#                            a KTAP or TAP document written by another
#                            program (KUnit, a kselftest, the IGT
#                            converter, drm-dbg's checks) as a subtest,
#                            its own plan and numbering kept; it fails if
#                            a top-level result failed, the count differs
#                            from its plan, or RC is neither 0 nor SKIP_RC
#   ktap_finish              close what is open, print the document if it
#                            was held back; status 0 iff nothing failed
#   ktap_kunit_dmesg NAME    the KUnit document the kernel printed at boot
#   ktap_igt NAME IGT...     run an IGT test, its subtests nested
#   igt_to_ktap              IGT's output (stdin) as KTAP (stdout)
#
# Nested blocks are held in files until they close (their plan is known
# only then). KTAP_FILE, when set, gets a copy of the document.
# Indentation: two spaces per level.

_kt_depth=0
_kt_dir=

# _kt_line LINE...: to the current level (stdout when it streams)
_kt_line() {
	if [ "$_kt_depth" = 0 ] && [ "$_kt_stream" = 1 ]; then
		printf '%s\n' "$@"
		[ -z "${KTAP_FILE:-}" ] || printf '%s\n' "$@" >>"$KTAP_FILE"
	else
		printf '%s\n' "$@" >>"$_kt_dir/$_kt_depth"
	fi
}

# A test name must not hold "#" (it starts a directive) or a newline.
_kt_name() { local s=${*//#/nr}; s=${s//$'\n'/ }; printf '%s' "$s"; }

# shellcheck disable=SC2120 # PLAN is optional
ktap_begin() {
	_kt_dir=$(mktemp -d "${TMPDIR:-/tmp}/ktap.XXXXXX")
	_kt_depth=0
	_kt_n=(0) _kt_failed=(0) _kt_skipped=(0) _kt_title=("")
	[ -z "${KTAP_FILE:-}" ] || : >"$KTAP_FILE"
	: >"$_kt_dir/0"
	if [ -n "${1:-}" ]; then
		_kt_stream=1
		_kt_line "KTAP version 1" "1..$1"
	else
		_kt_stream=0
	fi
}

# _kt_result ok|"not ok" DESC [DIRECTIVE]
_kt_result() {
	local d=$_kt_depth n
	n=$((_kt_n[d] + 1))
	_kt_n[d]=$n
	[ "$1" = ok ] || _kt_failed[d]=$((_kt_failed[d] + 1))
	_kt_line "$1 $n $(_kt_name "$2")${3:+ # $3}"
}
ktap_ok() { _kt_result ok "$1" "${2:-}"; }
ktap_fail() { _kt_result "not ok" "$1" "${2:-}"; }
ktap_skip() {
	_kt_skipped[_kt_depth]=$((_kt_skipped[_kt_depth] + 1))
	_kt_result ok "$1" "SKIP ${2:-}"
}
ktap_diag() {
	local l
	while IFS= read -r l; do _kt_line "# $l"; done <<<"$*"
}

# Progress on stderr when a suite of the top level closes (the document
# itself may be held back until the end).
_kt_progress() {
	[ "$_kt_depth" = 0 ] || return 0
	echo "# $1: $2 passed, $3 failed$([ "$4" = 0 ] || echo ", $4 skipped")${5:+ ($5)}" >&2
}

ktap_suite() {
	_kt_depth=$((_kt_depth + 1))
	_kt_n[_kt_depth]=0 _kt_failed[_kt_depth]=0 _kt_skipped[_kt_depth]=0
	_kt_title[_kt_depth]=$(_kt_name "$*")
	: >"$_kt_dir/$_kt_depth"
}

ktap_end() {
	local d=$_kt_depth name=${_kt_title[_kt_depth]} n=${_kt_n[_kt_depth]}
	local failed=${_kt_failed[_kt_depth]} skipped=${_kt_skipped[_kt_depth]}
	[ "$d" -gt 0 ] || return 0
	_kt_depth=$((d - 1))
	if [ "$n" = 0 ]; then
		# no results: a leaf that failed, its diagnostics kept
		[ ! -s "$_kt_dir/$d" ] || _kt_line "$(sed 's/^/  /' "$_kt_dir/$d")"
		_kt_result "not ok" "$name" "no results"
		return
	fi
	_kt_line "  KTAP version 1" "  # Subtest: $name" "  1..$n" \
		"$(sed 's/^/  /' "$_kt_dir/$d")"
	_kt_progress "$name" $((n - failed - skipped)) "$failed" "$skipped"
	if [ "$failed" != 0 ]; then
		_kt_result "not ok" "$name"
	elif [ "$skipped" = "$n" ]; then
		ktap_skip "$name" "all $n skipped"
	else
		_kt_result ok "$name"
	fi
}

ktap_finish() {
	while [ "$_kt_depth" -gt 0 ]; do ktap_end; done
	if [ "$_kt_stream" = 0 ]; then
		_kt_stream=1
		_kt_line "KTAP version 1" "1..${_kt_n[0]}"
		[ ! -s "$_kt_dir/0" ] || _kt_line "$(cat "$_kt_dir/0")"
	fi
	local failed=${_kt_failed[0]}
	rm -rf "$_kt_dir"
	[ "$failed" = 0 ]
}

# check DESCRIPTION CMD...: passes when CMD succeeds; CMD's output is
# kept as diagnostics (last 20 lines) only when it fails.
check() {
	local d=$1
	shift
	if "$@" >"$_kt_dir/out" 2>&1; then
		ktap_ok "$d"
	else
		[ ! -s "$_kt_dir/out" ] || ktap_diag "$(tail -20 "$_kt_dir/out")"
		ktap_fail "$d"
	fi
}
check_eq() {
	if [ "$2" = "$3" ]; then ktap_ok "$1 ($2)"; else ktap_fail "$1: got $2, want $3"; fi
}
_kt_int() { [[ $1 =~ ^-?[0-9]+$ ]]; }
check_le() {
	if _kt_int "$2" && _kt_int "$3" && [ "$2" -le "$3" ]; then
		ktap_ok "$1 ($2 <= $3)"
	else
		ktap_fail "$1: $2 > $3"
	fi
}
check_ge() {
	if _kt_int "$2" && _kt_int "$3" && [ "$2" -ge "$3" ]; then
		ktap_ok "$1 ($2 >= $3)"
	else
		ktap_fail "$1: $2 < $3"
	fi
}

# ktap_embed NAME FILE [RC [SKIP_RC]]
ktap_embed() {
	local name rc=${3:-0} skiprc=${4:-} verdict doc
	name=$(_kt_name "$1")
	doc=$_kt_dir/embed
	# From the version line on, with whatever stood before it on that
	# line (a timestamp, a prefix) cut from every line, as kunit.py does.
	awk '
		!on && match($0, /K?TAP version [0-9]+[ \t\r]*$/) { on = 1; cut = RSTART - 1 }
		on { sub(/\r$/, ""); print substr($0, cut + 1) }' "$2" >"$doc" 2>/dev/null
	# verdict: "fail|skip|ok <plan> <results> <failed> <skipped>"
	verdict=$(awk '
		/^1\.\.[0-9]+/ && plan == "" { plan = substr($1, 4) + 0 }
		/^(ok|not ok) [0-9]+/ {
			n++
			if ($1 == "not") f++
			else if ($0 ~ /# [Ss][Kk][Ii][Pp]/) s++
		}
		END { printf "%s %d %d %d\n", (plan == "" ? "-" : plan), n, f, s }' "$doc")
	local plan n failed skipped why=
	read -r plan n failed skipped <<<"$verdict"
	if [ ! -s "$doc" ]; then
		why="no KTAP output"
	elif [ "$n" = 0 ]; then
		why="no results"
	elif [ "$plan" != - ] && [ "$plan" != "$n" ]; then
		why="planned $plan, ran $n"
	elif [ "$failed" != 0 ]; then
		why="$failed failed"
	elif [ "$rc" != 0 ] && [ "$rc" != "$skiprc" ]; then
		why="exit status $rc"
	fi
	if [ "$n" = 0 ]; then
		# nothing to nest: a leaf, the output as diagnostics
		[ ! -s "$2" ] || ktap_diag "$(tail -20 "$2")"
		if [ -n "$skiprc" ] && [ "$rc" = "$skiprc" ]; then
			ktap_skip "$name" "exit status $rc, $why"
		else
			_kt_result "not ok" "$name" "$why"
		fi
		return
	fi
	_kt_line "  $(head -1 "$doc")" "  # Subtest: $name" "$(tail -n +2 "$doc" | sed 's/^/  /')"
	_kt_progress "$name" $((n - failed - skipped)) "$failed" "$skipped" "$why"
	if [ -n "$why" ]; then
		[ "$failed" != 0 ] || ktap_diag "$name: $why"
		_kt_result "not ok" "$name"
	elif [ "$skipped" = "$n" ]; then
		ktap_skip "$name" "all $n skipped"
	else
		_kt_result ok "$name"
	fi
}

# ---- converters: other test output as KTAP, nested with ktap_embed ----
# They write their files to $out (guest/callsites.sh sets it: the guest's
# output directory; the host's selftest sets its own).
# shellcheck disable=SC2154 # $out: the sourcing script's

# ktap_kunit_dmesg NAME: the KUnit results the kernel printed at boot
# (its own KTAP document, found in dmesg) as subtest NAME; kernel
# messages interleaved with it are left out.
ktap_kunit_dmesg() {
	local f=$out/kunit.ktap
	# the first document, up to its last planned top-level result
	dmesg --notime | awk '
		!on && /^KTAP version [0-9]+$/ { on = 1 }
		!on || !/^ *(KTAP version [0-9]+|TAP version [0-9]+|# |ok [0-9]|not ok [0-9]|1\.\.[0-9])/ { next }
		{ print }
		/^1\.\.[0-9]+/ && plan == "" { plan = substr($1, 4) + 0 }
		/^(ok|not ok) [0-9]/ && ++n == plan { exit }' >"$f"
	ktap_embed "$1" "$f"
}

# ktap_igt NAME IGT-BINARY [ARGS...]: run an IGT test and nest its
# results: every "Subtest X" a subtest, every "Dynamic subtest Y" of it
# one level down; SUCCESS is ok, SKIP ok # SKIP, anything else not ok.
# IGT's exit status 77 means all skipped.
ktap_igt() {
	local name=$1 rc=0
	shift
	"$@" >"$out/igt.txt" 2>&1 || rc=$?
	igt_to_ktap <"$out/igt.txt" >"$out/igt.ktap"
	ktap_embed "$name" "$out/igt.ktap" "$rc" 77
}
igt_to_ktap() {
	awk '
	function res(r) { return r == "SUCCESS" ? "ok" : r == "SKIP" ? "ok" : "not ok" }
	function dir(r) { return r == "SKIP" ? " # SKIP" : r == "SUCCESS" ? "" : " # " r }
	function name(s) { gsub(/#/, "nr", s); return s }
	/^Starting subtest: / { cur = name(substr($0, 19)); nd = 0; dyn = ""; next }
	/^Starting dynamic subtest: / { next }
	/^Dynamic subtest .*: [A-Z]+( |$)/ {
		s = $0; sub(/^Dynamic subtest /, "", s)
		r = s; sub(/.*: /, "", r); sub(/ .*/, "", r)
		sub(/: [A-Z]+( .*)?$/, "", s)
		dyn = dyn sprintf("  %s %d %s%s\n", res(r), ++nd, name(s), dir(r))
		next
	}
	/^Subtest .*: [A-Z]+( |$)/ {
		s = $0; sub(/^Subtest /, "", s)
		r = s; sub(/.*: /, "", r); sub(/ .*/, "", r)
		sub(/: [A-Z]+( .*)?$/, "", s)
		s = name(s)
		if (nd > 0 && s == cur)
			body = body sprintf("  KTAP version 1\n  # Subtest: %s\n  1..%d\n%s", s, nd, dyn)
		body = body sprintf("%s %d %s%s\n", res(r), ++n, s, dir(r))
		nd = 0; dyn = ""; cur = ""
		next
	}
	{ gsub(/\t/, " "); if (length($0)) body = body "# " $0 "\n" }
	END { printf "KTAP version 1\n1..%d\n%s", n, body }'
}

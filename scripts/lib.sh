# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2034 # settings for the scripts that source this
# Shared settings for the host-side scripts. Sourced, not run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Everything downloaded or built once per machine lives outside the clone.
CACHE=${DRMDBG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/drm-dbg}
BASE_VERSION=7.2.13
BASE_DEB_VERSION=7.2.13-1
BASE_PKG=linux-source-7.2
# The git repository holding the pristine base as one commit.
BASE_GIT=$CACHE/linux-$BASE_VERSION.git
# Work tree (base + series) and out-of-tree build, ignored by git.
KTREE=${KTREE:-$TOP/build/linux}
KOBJ=${KOBJ:-$TOP/build/obj}
RESULTS=${RESULTS:-$TOP/results}

die() { echo "error: $*" >&2; exit 1; }
log() { echo "==> $*" >&2; }

# ccache for kernel builds: one cache per machine; paths under the clone
# are hashed relative to it, so a fresh clone at another path still hits.
ccache_env() {
	export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
	export CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=time_macros
	ccache -M 20G >/dev/null
}

# run_record FILE GUEST KERNEL VCPUS ACCEL APPEND STATUS FALLBACK: what
# produced a set of results, for scripts/report.sh docs: the make command
# (the Makefile exports it as DRMDBG_COMMAND; FALLBACK otherwise), the
# settings given in the environment, the date, the project commit and the
# guest (VCPUS 0 and ACCEL "none" for a host-only run).
run_record() {
	jq -n --arg command "${DRMDBG_COMMAND:-$8}" --arg guest "$2" --arg date "$(date -u +%FT%TZ)" \
		--arg project "$(git -C "$TOP" describe --always --dirty --abbrev=7 2>/dev/null || echo unknown)" \
		--arg patches "$(git -C "$TOP" rev-parse --short HEAD:patches 2>/dev/null || echo unknown)" \
		--arg kernel "$3" --arg obj "${KOBJ#"$TOP"/}" --argjson vcpus "$4" --arg accel "$5" \
		--arg icount "${VM_ICOUNT:-0}" --arg append "$6" --argjson status "$7" \
		'{command: $command, guest: $guest, date: $date, project: $project, patches: $patches,
		  kernel: $kernel, obj: $obj, vcpus: $vcpus, accel: $accel, icount: ($icount == "1"),
		  append: $append, status: $status,
		  settings: ($ENV | with_entries(select(.key | test("^(STRESS_|FUZZ_|LEAK_|KASAN_|SCALE_|MATRIX_|BISECT_)"))))}' \
		>"$1"
}

# kunit.py of the pristine base, kept under $CACHE (at its own path
# tools/testing/kunit, which it insists on): it parses every KTAP
# document the workbench writes.
kunit_py() {
	local d=$CACHE/kunit-$BASE_VERSION k=tools/testing/kunit
	if [ ! -f "$d/$k/kunit.py" ]; then
		rm -rf "$d.tmp" && mkdir -p "$d.tmp"
		git --git-dir="$BASE_GIT" archive base "$k" | tar -x -C "$d.tmp" ||
			die "no kunit.py in $BASE_GIT (make setup)"
		rm -rf "$d" && mv "$d.tmp" "$d"
	fi
	echo "$d/$k/kunit.py"
}

# ktap_totals FILE.ktap: parse it with kunit.py (JSON beside it), print
# the counts and, last, "N passed, N failed" (crashed tests count as
# failed). Fails when a test failed or the document did not parse
# cleanly.
ktap_totals() {
	local ktap json log tests passed failed crashed skipped errors
	ktap=$(realpath "$1")
	json=${ktap%.ktap}.json log=${ktap%.ktap}.parse.log
	rm -f "$json"
	python3 "$(kunit_py)" parse --json="$json" "$ktap" >"$log" 2>&1
	[ -s "$json" ] || { tail -20 "$log" >&2; die "kunit.py parse wrote no JSON (log: $log)"; }
	read -r tests passed failed crashed skipped errors < <(jq -r \
		'.misc | "\(.tests) \(.passed) \(.failed) \(.crashed) \(.skipped) \(.errors)"' "$json")
	# (no "|| true" here would end a "set -e" caller when all is well)
	grep -F '[ERROR]' "$log" | sed 's/^/# /' || true
	echo "# kunit.py parse ${ktap#"$TOP"/}: $tests tests, $skipped skipped, $errors parse errors (${json#"$TOP"/})"
	echo "$passed passed, $((failed + crashed)) failed"
	[ "$failed" = 0 ] && [ "$crashed" = 0 ] && [ "$errors" = 0 ]
}

# seed_obj DIR: a second build directory of the same tree starts as a
# copy of build/obj (timestamps kept), so that its build is incremental:
# only what its config changes is rebuilt.
seed_obj() {
	[ ! -d "$1" ] || return 0
	[ -f "$TOP/build/obj/.config" ] || return 0
	log "seeding ${1#"$TOP"/} from build/obj"
	rm -rf "$1.tmp"
	cp -a "$TOP/build/obj" "$1.tmp" && mv "$1.tmp" "$1"
}

# config_over FRAGMENT: config/guest.config with the options FRAGMENT
# sets (or leaves unset) in place of its own, on stdout.
config_over() {
	local over
	over=$(sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=.*/\1/p; s/^# \(CONFIG_[A-Z0-9_]*\) is not set/\1/p' "$1" |
		paste -sd '|')
	grep -v -E "^(# )?($over)[= ]" "$TOP/config/guest.config"
	cat "$1"
}

# variant_kernel NAME FRAGMENT: the kernel of the guest config with FRAGMENT
# over it, built in build/obj-NAME (a copy of build/obj at first); exports
# KOBJ for vm.sh
variant_kernel() {
	[ -e "$KTREE/.git" ] || "$TOP/scripts/tree.sh"
	export KOBJ=$TOP/build/obj-$1
	seed_obj "$KOBJ"
	mkdir -p "$KOBJ"
	config_over "$2" >"$KOBJ/$1.config"
	GUEST_CONFIG=$KOBJ/$1.config "$TOP/scripts/kernel.sh"
}

# variant NAME FRAGMENT APPEND SCRIPT: the series built with
# config_over FRAGMENT in build/obj-NAME (a copy of build/obj at first, so
# only what FRAGMENT changes is rebuilt; kernel.sh checks that every option
# survived), booted with APPEND on the command line to run guest SCRIPT;
# its KTAP ($RESULTS/NAME/NAME.ktap) parsed, and fails when it failed.
variant() {
	local name=$1 frag=$2 append=$3 script=$4 rc=0
	"$TOP/scripts/setup.sh"
	variant_kernel "$name" "$frag"
	mkdir -p "$RESULTS/$name"
	log "booting with $append, running ${script#"$TOP"/}"
	"$TOP/scripts/vm.sh" -o "$RESULTS/$name" -a "$append" -- "$script" || rc=$?
	[ -s "$RESULTS/$name/$name.ktap" ] || die "the guest left no results (exit $rc)"
	ktap_totals "$RESULTS/$name/$name.ktap" && [ "$rc" = 0 ]
}

# config_for_tree FRAGMENT TREE: the fragment without the options TREE's
# Kconfig does not define (a patch before the one that adds it, a baseline),
# on stdout; what was left out goes to stderr.
config_for_tree() {
	find "$2" -name 'Kconfig*' -not -path '*/.git/*' -print0 |
		xargs -0 sed -n 's/^[[:space:]]*\(menu\)\{0,1\}config[[:space:]]\{1,\}\([A-Za-z0-9_]*\).*/\2/p' |
		awk '
		NR == FNR { have[$1] = 1; next }
		{
			s = ""
			if (match($0, /^CONFIG_[A-Za-z0-9_]+=/)) s = substr($0, 8, RLENGTH - 8)
			else if (match($0, /^# CONFIG_[A-Za-z0-9_]+ is not set/)) s = substr($2, 8)
			if (s != "" && !(s in have)) { print "config: " s " not in this tree, left out" > "/dev/stderr"; next }
			print
		}' - "$1" |
		# before the series lets it be selected, DRM_USE_DYNAMIC_DEBUG
		# depends on BROKEN: leave it out there too
		if grep -q 'depends on BROKEN' "$2/drivers/gpu/drm/Kconfig.debug" 2>/dev/null; then
			echo "config: DRM_USE_DYNAMIC_DEBUG depends on BROKEN in this tree, left out" >&2
			grep -v '^CONFIG_DRM_USE_DYNAMIC_DEBUG='
		else
			cat
		fi
}

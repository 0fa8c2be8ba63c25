#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make scale: guest/scale-run.sh on the series (build/obj) and on the
# baseline (build/obj-baseline, make baseline), each booted with
# SCALE_CPUS vCPUs (default "1 2 4 8"): sync rounds, IPIs and time of one
# drm.debug write against vCPUs and against the number of class'd
# callsites, and what loading i915 costs. results/scale.json, a table on
# stdout and results/scale.png. Kernels not built are left out.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$RESULTS/scale
mkdir -p "$out"
rm -f "$out"/*.jsonl
# Times on QEMU's instruction clock (VM_ICOUNT, see vm.sh): they count the
# guest's work, so the two kernels' guests can run side by side.
export VM_ICOUNT=${VM_ICOUNT:-1}
one_kernel() {
	local k=$1 obj=$2 c d
	for c in ${SCALE_CPUS:-1 2 4 8}; do
		log "$k, $c vCPUs"
		d=$out/$k-$c
		rm -rf "$d" && mkdir -p "$d"
		KOBJ=$obj VM_CPUS=$c "$TOP/scripts/vm.sh" -t 3600 -o "$d" -- "$TOP/guest/scale-run.sh" \
			>"$d/console.log" 2>&1 || { tail -20 "$d/console.log"; log "$k, $c vCPUs failed"; return 1; }
		jq -c --arg k "$k" '. + {kernel: $k}' "$d/scale.jsonl" >"$out/$k-$c.jsonl"
	done
}
pids=()
for k in series baseline; do
	obj=$TOP/build/obj
	[ "$k" = series ] || obj=$TOP/build/obj-baseline
	[ -f "$obj/arch/x86/boot/bzImage" ] || { log "no $k kernel built, left out"; continue; }
	one_kernel "$k" "$obj" &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || die "make scale: a guest failed"; done
cat "$out"/*-*.jsonl >"$out/all.jsonl"
jq -s '[.[] | {kernel, ncpu, stage, write, sites, enabled, syncs, ipis, ms: (.ns / 1e6 | round)}]' \
	"$out/all.jsonl" >"$RESULTS/scale.json"
{
	printf 'kernel\tvCPUs\tstage\twrite\tsites\tsyncs\tIPIs\tms\n'
	jq -r '.[] | [.kernel, .ncpu, .stage, .write, .sites, .syncs, .ipis, .ms] | @tsv' "$RESULTS/scale.json"
} | column -t -s $'\t' | tee "$out/table.txt"
dat=$(mktemp)
jq -r '.[] | select(.stage == "+amdgpu" and .write == "on") | "\(.kernel) \(.ncpu) \([.ipis, 1] | max) \(.ms)"' \
	"$RESULTS/scale.json" >"$dat"
gnuplot <<EOG
set terminal pngcairo size 1000,480 font ",10"
set output "$RESULTS/scale.png"
set multiplot layout 1,2 title "one drm.debug write 0 -> 0x3ff (drm, helpers, i915, amdgpu)"
set logscale y
set xlabel "vCPUs"; set ylabel "IPIs"; set key top left
plot "< grep ^baseline $dat" using 2:3 with linespoints title "baseline", \
     "< grep ^series $dat" using 2:3 with linespoints title "series"
unset logscale y
set ylabel "ms (TCG, instruction clock)"
plot "< grep ^baseline $dat" using 2:4 with linespoints title "baseline", \
     "< grep ^series $dat" using 2:4 with linespoints title "series"
unset multiplot
EOG
rm -f "$dat"
log "results/scale.json, results/scale.png"

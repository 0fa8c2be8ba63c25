#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Turn the guest's measure.json into a table on stdout and a chart
# (IPIs per write pattern, log scale) next to it:
#
#   scripts/report.sh [measure.json [baseline-measure.json]]
#   scripts/report.sh docs [--check]
#
# "docs" (make report) rewrites the measured blocks of docs/results.md
# from what is in results/ (scripts/results-md.py: each block headed by
# the command, date and commit that produced it; blocks without results
# here are kept); --check only says whether a block would change.
#
# With a baseline (make baseline: patch 1 alone) the table compares the
# two pattern by pattern and the chart puts their bars side by side;
# REPORT_BEFORE names the "before" (default: the baseline's kernel).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
if [ "${1:-}" = docs ]; then
	kunit=$(kunit_py)
	exec python3 "$TOP/scripts/results-md.py" "$(dirname "$kunit")" "$RESULTS" \
		"$TOP/docs/results.md" ${2:+"$2"}
fi
json=${1:-$RESULTS/measure.json}
[ -s "$json" ] || die "no measurements in $json (make demo)"

jq -r '"kernel \(.kernel), \(.ncpu) vCPUs, modules loaded in \(.load_ms) ms",
	"class'"'"'d callsites: \(.classd_total) (" + ([.modules | to_entries[] | "\(.key) \(.value.classd)/\(.value.callsites)"] | join(", ")) + ")",
	"by class: " + ([.classes | to_entries | sort_by(-.value)[] | "\(.key | sub("DRM_UT_"; "")) \(.value)"] | join(", ")),
	"enabled set equals the per-site one: per-class \(.same_set.per_class), one write \(.same_set.one_write), one class \(.same_set.one_class)"' "$json"
echo
ref=$(jq '[.patterns[] | select(.pattern == "per-site-on") | .ns][0] // 0' "$json")
{
	printf 'pattern\tsites\tenabled after\tsyncs\tIPIs\tIPIs/site\tCAL delta\tms\ttime / per-site\n'
	jq -r --argjson ref "$ref" '.patterns[] |
		[.pattern, .sites, .enabled, .syncs, .ipis,
		 (if .sites > 0 then (.ipis / .sites * 100 | round / 100) else "-" end),
		 .cal_delta, (.ns / 1e4 | round / 100),
		 (if $ref > 0 then (.ns / $ref * 1000 | round / 1000) else "-" end)] | @tsv' "$json"
} | column -t -s $'\t'
echo "(syncs counted exactly with a kprobe on do_sync_core; IPIs = syncs x (ncpu - 1); CAL delta is the raw, noisy /proc/interrupts row; times in ms of QEMU's instruction clock, VM_ICOUNT=1: the guest's work, not the host's load; compare as ratios)"

# With a second measure.json (another kernel), compare pattern by pattern.
if [ -n "${2:-}" ] && [ -s "$2" ]; then
	echo
	before=${REPORT_BEFORE:-$(jq -r .kernel "$2")}
	echo "before: $before  after: $(jq -r .kernel "$json")"
	{
		printf 'pattern\tsites\tIPIs before\tIPIs after\tms before\tms after\n'
		jq -r --slurpfile b "$2" '.patterns[] as $a |
			($b[0].patterns[] | select(.pattern == $a.pattern)) as $o |
			[$a.pattern, $a.sites, $o.ipis, $a.ipis,
			 ($o.ns / 1e4 | round / 100), ($a.ns / 1e4 | round / 100)] | @tsv' "$json"
	} | column -t -s $'\t'
	# the same comparison as the markdown table of docs/results.md
	md=${json%.json}-table.md
	{
		echo "| pattern | sites | IPIs before | IPIs after | syncs after | ms before | ms after |"
		echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
		jq -r --slurpfile b "$2" '.patterns[] as $a |
			($b[0].patterns[] | select(.pattern == $a.pattern)) as $o |
			"| \($a.pattern) | \($a.sites) | \($o.ipis) | \($a.ipis) | \($a.syncs) | \($o.ns / 1e6 | round) | \($a.ns / 1e6 | round) |"' "$json"
	} >"$md"
	echo "markdown: $md"
fi

dat=$(mktemp)
png=${json%.json}.png
# head room above the tallest bar for its label
ymax=$(jq -s '[.[].patterns[].ipis, 1] | max * 10' "$json" ${2:+"$2"} 2>/dev/null || echo 1000000)
title="drm.debug write cost: IPIs per pattern ($(jq -r .kernel "$json"), $(jq .ncpu "$json") vCPUs)"
# Bar heights are clamped to 1 for the log scale; the labels say the real
# counts (0 for the no-op write).
if [ -n "${2:-}" ] && [ -s "$2" ]; then
	# before and after side by side, pattern by pattern
	jq -r --slurpfile b "$2" '.patterns[] as $a |
		([$b[0].patterns[] | select(.pattern == $a.pattern) | .ipis][0] // 0) as $o |
		"\($a.pattern) \([$o, 1] | max) \([$a.ipis, 1] | max) \($o) \($a.ipis)"' "$json" >"$dat"
	gnuplot <<EOG
set terminal pngcairo size 1100,640 font ",10"
set bmargin 9
set rmargin 12
set output "$png"
set title "$title"
set logscale y
set yrange [1:$ymax]
set ylabel "IPIs (log scale)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.6
set xtics rotate by -35
set grid ytics
set key outside top center horizontal
plot "$dat" using 2:xtic(1) title "before: $before", \
	"" using 3 title "after: $(jq -r .kernel "$json")", \
	"" using (\$0 - 1.0/6):2:(sprintf("%d", \$4)) with labels rotate by 90 left offset 0,0.3 font ",8" notitle, \
	"" using (\$0 + 1.0/6):3:(sprintf("%d", \$5)) with labels rotate by 90 left offset 0,0.3 font ",8" notitle
EOG
else
	jq -r '.patterns[] | "\(.pattern) \([.ipis, 1] | max) \(.ipis)"' "$json" >"$dat"
	gnuplot <<EOG
set terminal pngcairo size 1000,560 font ",10"
set bmargin 9
set rmargin 12
set output "$png"
set title "$title"
set logscale y
set yrange [1:$ymax]
set ylabel "IPIs (log scale)"
set style fill solid 0.6
set boxwidth 0.7
set xtics rotate by -35
set grid ytics
unset key
plot "$dat" using 0:2:xtic(1) with boxes, "" using 0:2:(sprintf("%d", \$3)) with labels offset 0,0.7
EOG
fi
rm -f "$dat"
echo "chart: $png"

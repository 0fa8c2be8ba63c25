#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: what switching the function tracer on and off for every
# function costs in text-poke sync rounds and time. Function tracing is
# the other big user of text-poke batches; the series leaves its batches
# at one page (256 sites), so the rounds must be 3 x ceil(sites / 256),
# as in the base kernel. KTAP on stdout.
set -uo pipefail
here=$(dirname "$0")
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
ktap_begin
ktap_suite "function tracer switched for all functions"
sync_probe_start
sites=$(wc -l <"$TRACING/available_filter_functions")
batches=$(((sites + 255) / 256))
for t in function nop; do
	h0=$(sync_hits); t0=$(now_ns)
	echo "$t" >"$TRACING/current_tracer"
	t1=$(now_ns); h1=$(sync_hits)
	rounds=$(((h1 - h0) / NCPU))
	ktap_diag "current_tracer=$t: $sites sites, $rounds sync rounds, $(((t1 - t0) / 1000000)) ms"
	echo "{\"tracer\":\"$t\",\"sites\":$sites,\"rounds\":$rounds,\"ms\":$(((t1 - t0) / 1000000)),\"ncpu\":$NCPU}" >>"$out/ftrace.jsonl"
	# besides the batches of its call sites, ftrace patches its own
	# trampoline call (ftrace_caller's call site) with single pokes
	check_le "current_tracer=$t: sync rounds within page-sized batches" "$rounds" $((3 * batches + 9))
	check_ge "... not fewer: its batches did not grow" "$rounds" $((3 * (batches - 1)))
done
ktap_end
ktap_finish

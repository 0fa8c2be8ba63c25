#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: does a long run of writes and module cycles grow kernel
# memory? LEAK_CYCLES (default 50) cycles, each: drm.debug writes, multi-
# query and malformed control-file writes, vkms and test_dynamic_debug
# loaded and unloaded (late-load applies, classmap registry entries).
# Slab objects in use (every kmalloc cache, per-CPU slabs flushed first)
# and vmalloc areas are counted after a warm-up, after LEAK_CYCLES more
# and after LEAK_CYCLES again: something allocated and not freed once a
# cycle grows by at least LEAK_CYCLES in both windows, noise does not
# grow the same cache in both. KTAP on stdout; counts in
# $DRMDBG_OUT/leak.json.
set -uo pipefail
here=$(dirname "$0")
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
n=${LEAK_CYCLES:-50}
KTAP_FILE=$out/leak.ktap
ktap_begin
ktap_suite "memory: $n + $n cycles of writes and module loads"
modprobe_all "${DRM_CORE[@]}"
dmesg -n 1

cycle() {
	local m
	for m in 0x1e 0x3ff 0x4 0; do echo "$m" >"$DRM_DEBUG"; done
	modprobe vkms
	modprobe test_dynamic_debug
	echo 0x1e >"$DRM_DEBUG"
	echo "module test_dynamic_debug +p; class D2_KMS +p; module vkms -p" >"$CONTROL"
	echo "module !test_dynamic_debug format zz_none +p; module test_dynamic_debug -p; class D2_KMS -p" >"$CONTROL"
	echo "module ! +p" >"$CONTROL" 2>/dev/null
	echo "file '!:1-' +p; module drm +p" >"$CONTROL" 2>/dev/null
	echo 0 >"$DRM_DEBUG"
	rmmod vkms test_dynamic_debug
}

# "cache objects" for every kmalloc cache, after flushing per-CPU slabs,
# and the vmalloc area count
snapshot() {
	local c
	echo 3 >/proc/sys/vm/drop_caches
	for c in /sys/kernel/slab/kmalloc-*; do echo 1 >"$c/shrink" 2>/dev/null; done
	awk '$1 ~ /^kmalloc-/ { print $1, $2 }' /proc/slabinfo
	echo "vmalloc $(grep -c . /proc/vmallocinfo)"
}

for _ in 1 2 3 4 5; do cycle; done
snapshot | sort >"$out/leak-a.txt"
for _ in $(seq "$n"); do cycle; done
snapshot | sort >"$out/leak-b.txt"
for _ in $(seq "$n"); do cycle; done
snapshot | sort >"$out/leak-c.txt"

# per cache: growth in each window, and the smaller of the two
join "$out/leak-a.txt" "$out/leak-b.txt" | join - "$out/leak-c.txt" |
	awk '{ d1 = $3 - $2; d2 = $4 - $3; m = d1 < d2 ? d1 : d2; print $1, d1, d2, m }' >"$out/leak-delta.txt"
ktap_diag "growth per window (cache, first, second): $(awk '$2 || $3 { printf "%s %+d %+d; ", $1, $2, $3 }' "$out/leak-delta.txt")"
worst=$(sort -k4,4n "$out/leak-delta.txt" | tail -1)
ktap_diag "most grown in both windows: ${worst:-none}"
check_le "objects a cache gained in both windows of $n cycles (a leak per cycle gains >= $n)" \
	"$(echo "$worst" | awk '{ print $4 + 0 }')" $((n / 2 - 1))
jq -Rn --argjson cycles "$n" '{cycles: $cycles, caches: [inputs | split(" ") | {cache: .[0], first: (.[1] | tonumber), second: (.[2] | tonumber)}]}' \
	<"$out/leak-delta.txt" >"$out/leak.json"
check_dmesg "$out/leak-dmesg.txt"
ktap_end
ktap_finish

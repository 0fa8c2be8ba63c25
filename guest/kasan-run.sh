#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the KASAN and kmemleak guest (make kasan): the stress, malformed-
# input and memory runs, each nested with its own plan, then a kmemleak
# scan: no leak reported whose allocation backtrace goes through the
# code the series changes (dynamic debug, jump labels, text poking, DRM's
# debug printing). KTAP on stdout and in $DRMDBG_OUT/kasan.ktap.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/callsites.sh"
. "$here/../lib/ktap.sh"
KTAP_FILE=$out/kasan.ktap
ktap_begin
# The kernel says so at boot (the guest has no /dev/fd for <(dmesg)); its
# report function is there in any case, in case the log has wrapped.
kasan_on() {
	dmesg | grep -q 'KernelAddressSanitizer initialized' ||
		grep -q ' kasan_report$' /proc/kallsyms
}
check "KASAN is on" kasan_on
for t in stress fuzz leak; do
	rc=0
	KTAP_FILE=$out/$t.ktap "$here/$t.sh" >/dev/null 2>&1 || rc=$?
	ktap_embed "$t under KASAN and lockdep" "$out/$t.ktap" "$rc"
done
ktap_suite "kmemleak"
kml=/sys/kernel/debug/kmemleak
[ -e "$kml" ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
if [ -w "$kml" ]; then
	# objects allocated just now look unreferenced until they are old
	# enough; scan twice, some seconds apart
	echo scan >"$kml"; sleep 10; echo scan >"$kml"
	cat "$kml" >"$out/kmemleak.txt"
	ktap_diag "kmemleak: $(grep -c '^unreferenced object' "$out/kmemleak.txt") unreferenced objects in all"
	mine=$(awk '/^unreferenced object/ { if (hit) n++; hit = 0 }
		/dynamic_debug|ddebug_|jump_label|static_key|text_poke|drm_print|__drm_printfn|drm_debug/ { hit = 1 }
		END { if (hit) n++; print n + 0 }' "$out/kmemleak.txt")
	check_eq "leaks with the series' code in their backtrace" "$mine" 0
else
	ktap_fail "kmemleak" "no $kml"
fi
ktap_end
check_dmesg "$out/kasan-dmesg.txt"
ktap_finish

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: load the DRM modules, count their callsites, and measure
# what each drm.debug write pattern costs. Writes $DRMDBG_OUT/measure.json,
# which make demo turns into the table and make test asserts on.
#
#   measure.sh [MODULE...]   the modules to load and measure, in load
#                            order (default: drm and its helpers, ttm,
#                            i915, amdgpu)
set -euo pipefail
. "$(dirname "$0")/callsites.sh"
work=$(mktemp -d)
# The modules loaded and measured, in load order.
mods=("$@")
[ ${#mods[@]} -gt 0 ] || mods=("${DRM_CORE[@]}" ttm "${DRM_GPUS[@]}")

[ -f "$CONTROL" ] || { echo "measure: no $CONTROL (kernel lacks dynamic debug)" >&2; exit 1; }
t0=$(now_ns)
modprobe_all "${mods[@]}"
load_ms=$(( ($(now_ns) - t0) / 1000000 ))
[ -f "$DRM_DEBUG" ] || { echo "measure: drm not loaded" >&2; exit 1; }
sync_probe_start
drm_debug_write 0
# what the kernel shows, for drm-dbg's test data
cp "$CONTROL" "$out/control.txt"
cp /proc/interrupts "$out/interrupts.txt"

# Callsites per module (all, class'd, of an unknown class) and per class.
dd_sites "${mods[@]}" | awk -v mods="${mods[*]}" '
	{
		all[$1]++
		if ($2 ~ /^unknown:/) unk[$1]++
		else if ($2 != "-") { cl[$1]++; byc[$2]++ }
	}
	END {
		printf "\"modules\":{"
		n = split(mods, ml, " ")
		for (i = 1; i <= n; i++)
			printf "%s\"%s\":{\"callsites\":%d,\"classd\":%d,\"unknown_class\":%d}", (i > 1 ? "," : ""), ml[i], all[ml[i]], cl[ml[i]], unk[ml[i]]
		printf "},\"classes\":{"
		s = ""
		for (c in byc) { printf "%s\"%s\":%d", s, c, byc[c]; s = "," }
		printf "}"
	}' >"$work/counts"
total=$(dd_sites "${mods[@]}" | classd | count)
on_before=$(dd_sites | enabled | count)

# One query per class'd callsite (a query must name the class of a
# class'd site, or it matches only class-less ones).
dd_sites "${mods[@]}" | classd | sort -u -k1,1 -k3,3 -k4,4n -k2,2 |
	awk '{ print "module " $1 " file " $3 " line " $4 " class " $2 }' >"$work/sites"
sed 's/$/ +p/' "$work/sites" >"$work/sites_on"
sed 's/$/ -p/' "$work/sites" >"$work/sites_off"
for c in $CLASSES; do echo "class $c +p"; done >"$work/class_on"
sed 's/+p$/-p/' "$work/class_on" >"$work/class_off"

# Scopes: which sites a pattern is about, as "site enabled(0|1)".
as_scope() { awk '{ print $1 ":" $3 ":" $4 ":" $2, ($5 ~ /p/) ? 1 : 0 }'; }
all_classd() { dd_sites "${mods[@]}" | classd | as_scope; }
kms() { all_classd | grep ':DRM_UT_KMS '; }
amdgpu_plain() { dd_sites amdgpu | plain | as_scope; }
enabled_set() { "$1" | awk '$2' | sort; }

rows=()
row() { rows+=("$(measure "$@")"); }
row per-site-on all_classd control_each_line "$work/sites_on"
enabled_set all_classd >"$work/ref_all"
row per-site-off all_classd control_each_line "$work/sites_off"
row per-class-on all_classd control_each_line "$work/class_on"
enabled_set all_classd >"$work/per_class_all"
row per-class-off all_classd control_each_line "$work/class_off"
# the same queries, all in one write
row classes-one-write-on all_classd control_write "$(paste -sd';' "$work/class_on")"
row classes-one-write-off all_classd control_write "$(paste -sd';' "$work/class_off")"
row one-write-on all_classd drm_debug_write 0x3ff
enabled_set all_classd >"$work/one_write_all"
row no-op-write all_classd drm_debug_write 0x3ff
row one-write-off all_classd drm_debug_write 0
row one-class-on kms drm_debug_write 0x4
enabled_set all_classd >"$work/one_class_all"
row one-class-off kms drm_debug_write 0
row module-amdgpu-on amdgpu_plain control_write "module amdgpu +p"
row module-amdgpu-off amdgpu_plain control_write "module amdgpu -p"

same() { cmp -s "$1" "$2" && echo true || echo false; }
grep ':DRM_UT_KMS ' "$work/ref_all" >"$work/ref_kms" || true
{
	printf '{"kernel":"%s","ncpu":%d,"load_ms":%d,"classd_total":%d,"enabled_before":%d,' \
		"$(uname -r)" "$NCPU" "$load_ms" "$total" "$on_before"
	cat "$work/counts"
	printf ',"same_set":{"per_class":%s,"one_write":%s,"one_class":%s},"patterns":[' \
		"$(same "$work/per_class_all" "$work/ref_all")" \
		"$(same "$work/one_write_all" "$work/ref_all")" \
		"$(same "$work/one_class_all" "$work/ref_kms")"
	(IFS=,; printf '%s' "${rows[*]}")
	printf ']}\n'
} >"$out/measure.json"
rm -rf "$work"
echo "measure: wrote $out/measure.json"

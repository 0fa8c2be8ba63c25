#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb [CONFIG=FILE]: Debian packages of the series for a real
# machine (an i915, xe or amdgpu one), with the kernel's own bindeb-pkg.
# The configuration is the machine's own, not the trimmed guest one:
# FILE, or /boot/config-$(uname -r), or /proc/config.gz, plus what the
# series needs (dynamic debug, jump labels, DRM_USE_DYNAMIC_DEBUG), run
# through olddefconfig. Out of tree in build/obj-deb, through ccache;
# the packages land in results/deb. A distro config builds every driver:
# not part of make test. DEB_STOP=config stops once the
# configuration is checked. DEB_DEBUG_INFO=1 keeps the config's debug
# info (and BTF, which needs pahole); by default it is turned off, which
# halves the build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cfg=${1:-}
if [ -z "$cfg" ]; then
	for c in "/boot/config-$(uname -r)" /proc/config.gz; do
		if [ -r "$c" ]; then cfg=$c; break; fi
	done
fi
if [ -z "$cfg" ] || [ ! -r "$cfg" ]; then
	die "no kernel config to start from: make deb CONFIG=/boot/config-VERSION"
fi

"$TOP/scripts/setup.sh" --deb
[ -e "$KTREE/.git" ] || "$TOP/scripts/tree.sh"
obj=${DEB_OBJ:-$TOP/build/obj-deb}
mkdir -p "$obj" "$RESULTS/deb"
ccache_env
# LOCALVERSION set (empty) on the command line: no "+" for a git tree
mk=(make -s -C "$KTREE" O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" LOCALVERSION=)

log "configuring from $cfg"
case $cfg in
*.gz) zcat "$cfg" ;;
*) cat "$cfg" ;;
esac >"$obj/.config"
grep -qE '^CONFIG_DRM=[ym]' "$obj/.config" ||
	die "$cfg has no DRM (CONFIG_DRM): there is nothing for this series to do"
sc=("$KTREE/scripts/config" --file "$obj/.config")
# what the series needs
"${sc[@]}" -e DYNAMIC_DEBUG -e JUMP_LABEL -e DRM_USE_DYNAMIC_DEBUG \
	--set-str LOCALVERSION "-drmdbg" -d LOCALVERSION_AUTO
# A distro config names its signing keys and certificates by paths in
# the distro's own source tree; let the build make its own key instead.
"${sc[@]}" --set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
	--set-str MODULE_SIG_KEY "certs/signing_key.pem"
if [ "${DEB_DEBUG_INFO:-0}" != 1 ]; then
	"${sc[@]}" -d DEBUG_INFO -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT -d DEBUG_INFO_DWARF4 \
		-d DEBUG_INFO_DWARF5 -d DEBUG_INFO_BTF -e DEBUG_INFO_NONE
fi
"${mk[@]}" olddefconfig
bad=0
for o in CONFIG_DYNAMIC_DEBUG=y CONFIG_JUMP_LABEL=y CONFIG_DRM_USE_DYNAMIC_DEBUG=y; do
	grep -qx "$o" "$obj/.config" || { echo "config: $o did not survive olddefconfig" >&2; bad=1; }
done
[ $bad = 0 ] || die "the configuration lacks what the series needs"
release=$("${mk[@]}" kernelrelease)
drivers=$(grep -oE '^CONFIG_DRM_(I915|XE|AMDGPU|NOUVEAU|RADEON)=[ym]' "$obj/.config" |
	sed 's/^CONFIG_DRM_//; s/=.*//' | tr 'A-Z\n' 'a-z ')
log "configured $release ($obj/.config): drm.debug through dynamic debug; drivers: ${drivers:-none}"
[ "${DEB_STOP:-}" != config ] || exit 0

log "building Debian packages (-j$(nproc)); a distro config builds every driver"
start=$(date +%s)
"${mk[@]}" -j"$(nproc)" bindeb-pkg
# bindeb-pkg leaves the packages beside the build directory
mv "$(dirname "$obj")"/linux-*"$release"*.deb "$RESULTS/deb/"
mv "$(dirname "$obj")"/linux-upstream_* "$RESULTS/deb/" 2>/dev/null || true
log "built in $(( $(date +%s) - start )) s:"
ls -1 "$RESULTS/deb/"*.deb >&2
echo "install: sudo apt install $RESULTS/deb/linux-image-${release}_*.deb; then boot it with drm.debug=0x1e on the command line"

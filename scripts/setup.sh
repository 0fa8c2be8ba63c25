#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package the project uses (idempotent), then make
# sure the pristine base source is cached. --deb adds what make deb
# needs (the kernel's bindeb-pkg), which CI does not.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(
	# kernel build
	build-essential ccache flex bison bc libelf-dev libssl-dev cpio kmod
	perl python3 git xz-utils file rsync
	# guest
	qemu-system-x86 busybox-static
	# results
	jq gnuplot-nox
	# drm-dbg and its tests
	pkg-config libdrm-dev libcmocka-dev clang
	# IGT test (libigt.so.0 from intel-gpu-tools)
	intel-gpu-tools
	# make check
	shellcheck
)
if [ "${1:-}" = --deb ]; then
	# bindeb-pkg: dpkg-buildpackage and the Build-Depends of the kernel's
	# generated debian/control; pahole for a config that keeps BTF
	pkgs+=(dpkg-dev debhelper fakeroot libdw-dev dwarves)
fi
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || die "not root: cannot install ${missing[*]}"
	log "installing: ${missing[*]}"
	apt-get update -q >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
"$TOP/scripts/base-source.sh"
log "setup complete"

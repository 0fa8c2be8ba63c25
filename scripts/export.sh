#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Export the commits of $KTREE on top of the base back into patches/
# (or into the directory given as $1): one format-patch file per commit
# and a quilt-style series file. The output depends only on the commits'
# contents, so exporting an unchanged tree changes no byte.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:-$TOP/patches}
[ -e "$KTREE/.git" ] || die "no kernel tree at $KTREE (make tree)"
mkdir -p "$out"
rm -f "$out"/*.patch
git -C "$KTREE" format-patch -q --zero-commit --no-signature -o "$out" base..HEAD
{
	echo "# SPDX-License-Identifier: GPL-2.0"
	echo "# Applied in this order on top of Linux $BASE_VERSION (make tree)."
	find "$out" -maxdepth 1 -name '*.patch' -printf '%f\n' | LC_ALL=C sort
} >"$out/series"
log "exported $(grep -c '\.patch$' "$out/series") patches to $out"

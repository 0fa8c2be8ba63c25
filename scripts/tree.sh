#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Make the kernel work tree $KTREE: the pristine base commit plus one
# commit per patch of patches/series. Refuses to throw away a tree that
# has uncommitted changes or commits not yet exported (FORCE=1 does).
# SPARSE=1 checks out only the files the series touches and checkpatch's
# own (seconds instead of minutes; enough to apply, export and check
# the series, not to build it).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/base-source.sh"

if [ -e "$KTREE/.git" ] && [ "${FORCE:-0}" != 1 ]; then
	[ -z "$(git -C "$KTREE" status --porcelain --untracked-files=no)" ] ||
		die "$KTREE has uncommitted changes (commit and 'make export', or FORCE=1)"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	"$TOP/scripts/export.sh" "$tmp" >/dev/null
	if ! diff -r -q "$tmp" "$TOP/patches" >/dev/null; then
		die "$KTREE has commits that differ from patches/ (run 'make export', or FORCE=1)"
	fi
	# Up to date: keep it, and with it the build's timestamps.
	log "$KTREE matches patches/"
	exit 0
fi

rm -rf "$KTREE"
mkdir -p "$(dirname "$KTREE")"
if [ "${SPARSE:-0}" = 1 ]; then
	git clone -q --shared --no-checkout -b base "$BASE_GIT" "$KTREE"
	{
		echo /.gitattributes
		echo /scripts/checkpatch.pl
		echo /scripts/spelling.txt
		echo /scripts/const_structs.checkpatch
		# the classmap audit of make check reads every DRM Makefile and source
		echo /drivers/gpu/drm/
		echo /drivers/accel/
		echo /include/drm/
		grep -v '^#' "$TOP/patches/series" | sed "s|^|$TOP/patches/|" | xargs cat |
			sed -n 's|^diff --git a/\([^ ]*\) b/.*|/\1|p' | sort -u
	} | git -C "$KTREE" sparse-checkout set --no-cone --stdin
	git -C "$KTREE" checkout -q base
else
	git clone -q --shared -b base "$BASE_GIT" "$KTREE"
fi
git -C "$KTREE" checkout -q -b series
git -C "$KTREE" config user.name "$(git -C "$TOP" config user.name || echo drm-dbg)"
git -C "$KTREE" config user.email "$(git -C "$TOP" config user.email || echo drm-dbg@localhost)"
n=0
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	git -C "$KTREE" am -q --keep-cr --committer-date-is-author-date "$TOP/patches/$p" ||
		die "patch $p does not apply"
	n=$((n + 1))
done <"$TOP/patches/series"
log "$KTREE: base + $n patches"

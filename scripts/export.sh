#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Export the commits of $KTREE on top of the base back into patches/
# (or into the directory given as $1): one format-patch file per commit
# and a quilt-style series file, and a cover letter
# (0000-cover-letter.patch, as format-patch --cover-letter makes it: its
# subject and text are kept from patches/'s cover letter, its shortlog and
# diffstat are made anew, its date is the last commit's). The output
# depends only on the commits' contents and the cover letter's text, so
# exporting an unchanged tree changes no byte.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:-$TOP/patches}
[ -e "$KTREE/.git" ] || die "no kernel tree at $KTREE (make tree)"
mkdir -p "$out"
# kept before the old patches go (the output may be patches/ itself)
old=$(mktemp)
trap 'rm -f "$old"' EXIT
cp "$TOP/patches/0000-cover-letter.patch" "$old" 2>/dev/null || : >"$old"
rm -f "$out"/*.patch
git -C "$KTREE" format-patch -q --zero-commit --no-signature --cover-letter -o "$out" base..HEAD
# The kept cover letter's subject and text (between the headers and the
# shortlog, "Author (N):") go in place of format-patch's placeholders.
OLD=$old DATE=$(git -C "$KTREE" log -1 --format=%aD HEAD) python3 -c '
import os, re, sys
p = sys.argv[1]
head, _, body = open(p).read().partition("\n\n")
head = re.sub(r"(?m)^Date: .*$", "Date: " + os.environ["DATE"], head)
if os.path.getsize(os.environ["OLD"]):
    ohead, _, obody = open(os.environ["OLD"]).read().partition("\n\n")
    subject = re.search(r"(?m)^Subject: \[PATCH \d+/\d+\] (.*)$", ohead).group(1)
    blurb = re.split(r"(?m)^\S.* \(\d+\):$", obody, maxsplit=1)[0].rstrip("\n")
    head = head.replace("*** SUBJECT HERE ***", subject, 1)
    body = body.replace("*** BLURB HERE ***", blurb, 1)
open(p, "w").write(head + "\n\n" + body)
' "$out/0000-cover-letter.patch"
{
	echo "# SPDX-License-Identifier: GPL-2.0"
	echo "# Applied in this order on top of Linux $BASE_VERSION (make tree)."
	find "$out" -maxdepth 1 -name '*.patch' ! -name 0000-cover-letter.patch -printf '%f\n' |
		LC_ALL=C sort
} >"$out/series"
log "exported $(grep -c '\.patch$' "$out/series") patches to $out"

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
cover=$TOP/patches/0000-cover-letter.patch
subject='*** SUBJECT HERE ***' blurb=$(mktemp)
trap 'rm -f "$blurb"' EXIT
echo '*** BLURB HERE ***' >"$blurb"
if [ -f "$cover" ]; then
	subject=$(sed -n 's/^Subject: \[PATCH [0-9]*\/[0-9]*\] //p' "$cover" | head -1)
	# the text between the headers and the shortlog ("Author (N):")
	awk 'body && /^[^ ].* \([0-9]+\):$/ { exit } body { print } /^$/ && !body { body = 1 }' \
		"$cover" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$blurb"
fi
rm -f "$out"/*.patch
git -C "$KTREE" format-patch -q --zero-commit --no-signature --cover-letter -o "$out" base..HEAD
SUBJECT=$subject BLURB=$blurb DATE=$(git -C "$KTREE" log -1 --format=%aD HEAD) python3 -c '
import os, sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("*** SUBJECT HERE ***", os.environ["SUBJECT"], 1)
s = s.replace("*** BLURB HERE ***\n", open(os.environ["BLURB"]).read(), 1)
head, sep, rest = s.partition("\n\n")
head = "\n".join("Date: " + os.environ["DATE"] if l.startswith("Date: ") else l
                  for l in head.split("\n"))
open(p, "w").write(head + sep + rest)
' "$out/0000-cover-letter.patch"
{
	echo "# SPDX-License-Identifier: GPL-2.0"
	echo "# Applied in this order on top of Linux $BASE_VERSION (make tree)."
	find "$out" -maxdepth 1 -name '*.patch' ! -name 0000-cover-letter.patch -printf '%f\n' |
		LC_ALL=C sort
} >"$out/series"
log "exported $(grep -c '\.patch$' "$out/series") patches to $out"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Make $BASE_GIT: a git repository whose single commit is the pristine
# Linux base. The source comes from $LINUX_SRC if set, else from Debian's
# linux-source-7.2 package, fetched with apt through a private sources
# list and state directory under $CACHE (the machine's own apt
# configuration is left alone).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ -d "$BASE_GIT" ] && git -C "$BASE_GIT" rev-parse -q --verify refs/heads/base >/dev/null; then
	exit 0
fi

src=
if [ -n "${LINUX_SRC:-}" ]; then
	if [ ! -f "$LINUX_SRC/Makefile" ] || [ ! -d "$LINUX_SRC/kernel" ]; then
		die "LINUX_SRC=$LINUX_SRC is not a Linux source tree"
	fi
	src=$LINUX_SRC
else
	apt=$CACHE/apt
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/src"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main" \
		>"$apt/sources.list"
	opts=(-o "Dir::Etc::SourceList=$apt/sources.list"
	      -o "Dir::Etc::SourceParts=/dev/null"
	      -o "Dir::State::Lists=$apt/lists"
	      -o "Dir::Cache=$apt/cache"
	      -o "Debug::NoLocking=1"
	      -o "APT::Sandbox::User=root"
	      -o "APT::Get::List-Cleanup=0"
	      -o "Acquire::PDiffs=false")
	deb=$apt/cache/archives/${BASE_PKG}_${BASE_DEB_VERSION}_all.deb
	if [ ! -s "$deb" ]; then
		log "fetching $BASE_PKG $BASE_DEB_VERSION with a private apt state in $apt"
		# A first update into an empty state directory can fail to stat its
		# own partial InRelease; a second attempt succeeds.
		apt-get -q "${opts[@]}" update >&2 ||
			{ sleep 2; apt-get -q "${opts[@]}" update >&2; } ||
			die "apt-get update (private sid list) failed; set LINUX_SRC=/path/to/linux-$BASE_VERSION instead"
		(cd "$apt/cache/archives" &&
		 apt-get -q "${opts[@]}" download "$BASE_PKG=$BASE_DEB_VERSION" >&2) ||
			die "cannot download $BASE_PKG=$BASE_DEB_VERSION; set LINUX_SRC=/path/to/linux-$BASE_VERSION instead"
	fi
	rm -rf "$apt/src" && mkdir -p "$apt/src"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$apt/src" ./usr/src/$BASE_PKG.tar.xz
	log "unpacking the kernel source"
	tar -C "$apt/src" -xJf "$apt/src/usr/src/$BASE_PKG.tar.xz"
	src=$apt/src/$BASE_PKG
fi

grep -q "^SUBLEVEL = ${BASE_VERSION##*.}$" "$src/Makefile" ||
	log "warning: $src does not look like $BASE_VERSION"

log "recording the pristine base in $BASE_GIT"
tmp=$BASE_GIT.tmp
rm -rf "$tmp"
git init -q --bare -b base "$tmp"
# Fixed identity and date: the base commit is the same on every machine.
export GIT_AUTHOR_NAME=base GIT_AUTHOR_EMAIL=base@drm-dbg GIT_COMMITTER_NAME=base \
	GIT_COMMITTER_EMAIL=base@drm-dbg GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' \
	GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
GIT_DIR=$tmp GIT_WORK_TREE=$src git add -A -f .
tree=$(GIT_DIR=$tmp git write-tree)
commit=$(echo "Linux $BASE_VERSION ($BASE_PKG $BASE_DEB_VERSION)" | GIT_DIR=$tmp git commit-tree "$tree")
GIT_DIR=$tmp git update-ref refs/heads/base "$commit"
mv "$tmp" "$BASE_GIT"
[ -n "${LINUX_SRC:-}" ] || rm -rf "$CACHE/apt/src"
log "base commit $commit"

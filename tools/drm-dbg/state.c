// SPDX-License-Identifier: GPL-2.0
/*
 * The lock and the saved state of drm-dbg (state.h).
 *
 * The state file is text, one item per line, written to a temporary file
 * and renamed into place (a reader never sees half of one):
 *
 *   drm-dbg state 1
 *   command capture
 *   pid 1234
 *   mask 0x10
 *   flags p module i915 file drivers/gpu/drm/i915/display/intel_dp.c line 1240 class DRM_UT_KMS
 *   ...
 *
 * A state without "flags" lines (drm.debug a plain bitmask) restores the
 * mask only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel.h"
#include "state.h"

#define STATE_MAGIC "drm-dbg state 1"

static int lock_fd = -1;

static const char *state_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/drm-dbg%s%s", run_root, name ? "/" : "", name ? name : "");
	return buf;
}

/* "COMMAND, pid N" of the lock holder, from the lock file. */
static void holder(char *buf, size_t len)
{
	char p[512], line[128] = "";
	FILE *f = fopen(state_path(p, sizeof(p), "lock"), "r");

	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	line[strcspn(line, "\n")] = '\0';
	snprintf(buf, len, "%s", line[0] ? line : "pid unknown");
}

int state_lock(const char *cmd, bool refuse_saved)
{
	char p[512], who[160];
	struct saved_state st;
	ssize_t written = 0;
	int fd, r;

	if (lock_fd >= 0)
		return 0;
	if (mkdir(state_path(p, sizeof(p), NULL), 0700) && errno != EEXIST) {
		int err = errno;

		pr_err("cannot create %s: %s%s; nothing changed", p, strerror(err), root_hint(err));
		return exit_for_errno(err);
	}
	fd = open(state_path(p, sizeof(p), "lock"), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		int err = errno;

		pr_err("cannot open %s: %s%s; nothing changed", p, strerror(err), root_hint(err));
		return exit_for_errno(err);
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int err = errno;

		close(fd);
		if (err != EWOULDBLOCK) {
			pr_err("cannot lock %s: %s; nothing changed", p, strerror(err));
			return EXIT_FAIL;
		}
		holder(who, sizeof(who));
		pr_err("another drm-dbg is running (%s); nothing changed", who);
		return EXIT_BUSY;
	}
	lock_fd = fd;
	if (refuse_saved) {
		r = state_load(&st);
		if (r < 0) {
			state_unlock();
			return -r;
		}
		if (r > 0) {
			pr_err("drm-dbg %s (pid %ld) ended without restoring drm.debug 0x%lx%s: 'drm-dbg restore' puts it back (or 'drm-dbg reset'); nothing changed",
			       st.cmd, st.pid, st.mask, st.have_flags ? " and the callsite flags" : "");
			flags_snapshot_free(&st.flags);
			state_unlock();
			return EXIT_BUSY;
		}
	}
	/* the holder's name, for the messages of a second drm-dbg only */
	snprintf(who, sizeof(who), "%s, pid %ld\n", cmd, (long)getpid());
	if (!ftruncate(fd, 0))
		written = pwrite(fd, who, strlen(who), 0);
	(void)written;
	return 0;
}

void state_unlock(void)
{
	if (lock_fd < 0)
		return;
	close(lock_fd);		/* releases the flock */
	lock_fd = -1;
}

int state_save(const char *cmd, unsigned long mask, const struct flag_snapshot *s)
{
	char p[512], tmp[512];
	size_t i;
	FILE *f;
	int fd;

	state_path(tmp, sizeof(tmp), "state.new");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		int err = errno;

		if (fd >= 0)
			close(fd);
		pr_err("cannot write %s: %s; nothing changed", tmp, strerror(err));
		return exit_for_errno(err);
	}
	fprintf(f, STATE_MAGIC "\ncommand %s\npid %ld\nmask 0x%lx\n", cmd, (long)getpid(), mask);
	for (i = 0; s && i < s->n; i++)
		fprintf(f, "flags %s %s\n", s->v[i].flags, s->v[i].key);
	if (fflush(f) || fsync(fileno(f)) || ferror(f)) {
		int err = errno;

		fclose(f);
		unlink(tmp);
		pr_err("cannot write %s: %s; nothing changed", tmp, strerror(err));
		return EXIT_FAIL;
	}
	if (fclose(f) || rename(tmp, state_path(p, sizeof(p), "state"))) {
		int err = errno;

		unlink(tmp);
		pr_err("cannot write %s: %s; nothing changed", p, strerror(err));
		return EXIT_FAIL;
	}
	return 0;
}

void state_clear(void)
{
	char p[512];

	unlink(state_path(p, sizeof(p), "state"));
}

int state_load(struct saved_state *st)
{
	char p[512], *line = NULL, *v;
	size_t cap = 0;
	unsigned long n = 0;
	bool ok;
	FILE *f;

	memset(st, 0, sizeof(*st));
	f = fopen(state_path(p, sizeof(p), "state"), "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		pr_err("cannot read %s: %s%s", p, strerror(errno), root_hint(errno));
		return -exit_for_errno(errno);
	}
	ok = read_line(f, &line, &cap) && !strcmp(line, STATE_MAGIC);
	while (ok && read_line(f, &line, &cap)) {
		n++;
		if (!strncmp(line, "command ", 8)) {
			snprintf(st->cmd, sizeof(st->cmd), "%s", line + 8);
		} else if (!strncmp(line, "pid ", 4)) {
			st->pid = strtol(line + 4, NULL, 10);
		} else if (!strncmp(line, "mask ", 5)) {
			st->mask = strtoul(line + 5, &v, 0);
			ok = *v == '\0' && v != line + 5;
		} else if (!strncmp(line, "flags ", 6) && (v = strchr(line + 6, ' '))) {
			*v = '\0';
			if (flags_snapshot_add(&st->flags, v + 1, line + 6)) {
				ok = false;
				break;
			}
			st->have_flags = true;
		} else {
			ok = false;
		}
	}
	free(line);
	fclose(f);
	if (!ok || !st->cmd[0] || n < 3) {
		flags_snapshot_free(&st->flags);
		pr_err("%s is not a state drm-dbg saved; remove it, or 'drm-dbg reset'", p);
		return -EXIT_FAIL;
	}
	flags_snapshot_sort(&st->flags);
	return 1;
}

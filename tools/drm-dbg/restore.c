// SPDX-License-Identifier: GPL-2.0
/*
 * drm-dbg restore: put back what a capture or bench that was killed (or
 * whose restore failed) left changed, from the state it saved.
 * drm-dbg reset: drm.debug 0 and no flag on any class'd DRM callsite.
 */
#include <stdio.h>
#include <string.h>

#include "drm-dbg.h"
#include "state.h"

struct flag_count {
	unsigned long set;	/* class'd callsites with a flag */
};

static int count_flagged(const struct callsite *cs, void *arg)
{
	struct flag_count *n = arg;

	if (callsite_category(cs) && strcmp(cs->flags, "_"))
		n->set++;
	return 0;
}

static void print_outcome(const char *what, bool done, unsigned long old, unsigned long mask,
			  unsigned long sites, const struct saved_state *st)
{
	char a[160], b[160];

	if (json_output) {
		struct json j;

		json_init(&j, stdout, pretty_output);
		json_open(&j, NULL, '{');
		json_bool(&j, what, done);
		if (st && st->cmd[0]) {
			json_str(&j, "saved_by", st->cmd);
			json_i64(&j, "saved_pid", st->pid);
		}
		if (done) {
			json_u64(&j, "old", old);
			json_u64(&j, "new", mask);
			json_u64(&j, "callsites_changed", sites);
		}
		json_close(&j, '}');
		json_end(&j);
		return;
	}
	if (!done) {
		printf("nothing to restore: no capture or bench left drm.debug changed\n");
		return;
	}
	printf("drm.debug 0x%lx (%s) -> 0x%lx (%s); %lu callsite%s' flags %s", old,
	       category_mask_names(old, a, sizeof(a)), mask, category_mask_names(mask, b, sizeof(b)),
	       sites, sites == 1 ? "" : "s", st ? "restored" : "cleared");
	if (st)
		printf(", as drm-dbg %s (pid %ld) found them", st->cmd, st->pid);
	printf("\n");
}

int do_restore(int argc, char **argv)
{
	struct saved_state st;
	unsigned long old = 0, changed = 0;
	bool mask_ok, flags_ok = true;
	int rc = no_args(argc, argv, "restore"), r;

	if (rc >= 0)
		return rc;
	rc = state_lock("restore", false);
	if (rc)
		return rc;
	r = state_load(&st);
	if (r <= 0) {
		state_unlock();
		if (!r)
			print_outcome("restored", false, 0, 0, 0, NULL);
		return -r;
	}
	rc = debug_read(&old);
	if (!rc)
		rc = debug_writable();
	if (rc)
		goto out;
	mask_ok = !debug_write(st.mask);
	if (st.have_flags) {
		if (!have_dyndbg() || !drm_uses_dyndbg()) {
			pr_err("the saved callsite flags need drm.debug implemented with dynamic debug");
			flags_ok = false;
		} else {
			flags_ok = !flags_restore(&st.flags, &changed);
		}
	}
	if (mask_ok && flags_ok) {
		state_clear();
		print_outcome("restored", true, old, st.mask, changed, &st);
	} else {
		restore_errors(mask_ok, st.mask, flags_ok);
		rc = EXIT_FAIL;
	}
out:
	flags_snapshot_free(&st.flags);
	state_unlock();
	return rc;
}

int do_reset(int argc, char **argv)
{
	struct flag_count n = { 0 };
	struct strlist q = { 0 };
	unsigned long old;
	bool dyndbg;
	size_t i;
	int rc = no_args(argc, argv, "reset");

	if (rc >= 0)
		return rc;
	rc = debug_read(&old);
	if (!rc)
		rc = debug_writable();
	if (rc)
		return rc;
	dyndbg = have_dyndbg() && drm_uses_dyndbg();
	if (dyndbg) {
		rc = control_scan(count_flagged, &n, false);
		for (i = 0; !rc && i < n_categories; i++) {
			char s[64];

			snprintf(s, sizeof(s), "class DRM_UT_%s =_\n", categories[i].name);
			if (strlist_add(&q, s)) {
				pr_err("out of memory");
				rc = EXIT_FAIL;
			}
		}
	}
	if (!rc)
		rc = state_lock("reset", false);
	if (rc)
		goto out;
	rc = debug_write(0);
	/* drm.debug 0 turns off what it had on; the control file the rest */
	if (!rc && dyndbg)
		rc = control_write_all(&q);
	if (!rc) {
		state_clear();	/* nothing left to restore */
		print_outcome("reset", true, old, 0, n.set, NULL);
	}
out:
	strlist_free(&q);
	state_unlock();
	return rc;
}

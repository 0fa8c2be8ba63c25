/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One drm-dbg at a time changes drm.debug, and what it changed can always
 * be put back. capture, bench, set, restore and reset take an exclusive
 * lock (<run-root>/drm-dbg/lock, flock(2): it ends with the process).
 * capture and bench save the state they will restore (the mask and the
 * flags of every class'd callsite) in <run-root>/drm-dbg/state before
 * they change anything, and remove it once restored: a state file
 * without a lock holder is what a killed capture or bench left behind,
 * and "drm-dbg restore" applies it.
 */
#ifndef DRM_DBG_STATE_H
#define DRM_DBG_STATE_H

#include <stdbool.h>

#include "control.h"

/*
 * Take the lock for @cmd; 0, or EXIT_BUSY (another drm-dbg holds it) or
 * another EXIT_* code after printing why. With @refuse_saved, a saved
 * state left behind is also refused (EXIT_BUSY): restore it first.
 */
int state_lock(const char *cmd, bool refuse_saved);
void state_unlock(void);

/* Save @mask and @s (NULL: no flags) for "drm-dbg restore"; 0 or EXIT_*. */
int state_save(const char *cmd, unsigned long mask, const struct flag_snapshot *s);
/* Remove the saved state, once it is restored. */
void state_clear(void);

struct saved_state {
	char cmd[32];
	long pid;
	unsigned long mask;
	bool have_flags;
	struct flag_snapshot flags;
};
/* 1 and *@st, 0 if there is no saved state, or -EXIT_* after printing why. */
int state_load(struct saved_state *st);

#endif

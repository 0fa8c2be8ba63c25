/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake kernel behind drm-dbg's struct sysio, on a temporary directory
 * tree: writes to the control file are parsed and applied to the fake
 * control file the way lib/dynamic_debug.c applies them (all queries of a
 * write or none; a class'd callsite only matched by a query naming its
 * class), a drm.debug write switches the classes whose bits changed,
 * every write that changed a 'p' flag counts as text-patching syncs in the
 * counters of a fake kprobe PMU and in a CAL row, and /dev/kmsg is a SOCK_SEQPACKET
 * socket holding records from before and after drm-dbg opened it.
 */
#ifndef FAKE_KERNEL_H
#define FAKE_KERNEL_H

#include <stdbool.h>

#include "util.h"

struct fake {
	char dir[64], sys[96], proc[96], run[96];
	char param[192], control[192], interrupts[192], tracing[160], profile[192];
	int ncpu;
	bool cal_row;
	bool plain_param;		/* drm.debug reads back in decimal */			/* /proc/interrupts has a CAL row */
	unsigned long long hits;	/* do_sync_core runs */
	unsigned long long cal;		/* function call interrupts */
	unsigned long batches;		/* writes that changed a 'p' */
	int sync_plan[16];		/* syncs of the next batches (0: 3) */
	unsigned int plan_next;
	struct strlist log;		/* "control: QUERIES", "debug: 0x..", ... */
	/* errors to inject: a path containing the string fails with the errno */
	const char *fail_write, *fail_access, *fail_read;
	int fail_errno;
	unsigned int fail_write_after;	/* matching writes that still succeed */
	unsigned int fail_write_times;	/* then this many fail (0: all) */
	unsigned long kmsg_gap;		/* records dropped before each new one */
	int kmsg_w;			/* our end of the fake /dev/kmsg */
	unsigned int perf_open;		/* kprobe counters opened */
	bool perf_fail;			/* counter reads fail ... */
	unsigned int perf_fail_after;	/* ... after this many more */
	unsigned long kmsg_seq;
};

extern struct fake *fk;

#define FAKE_KPROBE_PMU 6
#define FAKE_KPROBE_PMU_STR "6"

/*
 * A tree with drm loaded, drm.debug = @debug, the control file copied
 * from @control (or none), /proc/interrupts with a CAL row, and with
 * @tracing the kprobe PMU, and a tracefs (which drm-dbg must leave
 * alone). Installs the fake sysio.
 */
struct fake *fake_new(const char *debug, const char *control, bool tracing);
void fake_free(struct fake *f);
/* Apply @queries as a write to the control file would: 0, or -1 with errno. */
int fake_control_apply(const char *queries);
/* The flags field of the control line of @file:@line of class @class ("p", "_"...). */
const char *fake_flags(const char *site);
/* How many class'd callsites of @class (NULL: any), of @module (NULL: any), are enabled. */
unsigned int fake_enabled(const char *module, const char *class);
/* The log of writes as one string ("\n"-separated), for assertions. */
const char *fake_log(void);

#endif

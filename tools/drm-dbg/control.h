/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dynamic debug callsites, as /proc/dynamic_debug/control lists them:
 *
 *   drivers/gpu/drm/drm_print.c:216 [drm]__drm_dev_dbg =p "%s%s %pV" class:DRM_UT_KMS
 *
 * and the queries drm-dbg writes to it.
 */
#ifndef DRM_DBG_CONTROL_H
#define DRM_DBG_CONTROL_H

#include <stdbool.h>
#include <stdio.h>

#include "category.h"
#include "util.h"

#define CLASS_NONE	NULL		/* a callsite without a class */
extern const char CLASS_UNKNOWN[];	/* "class unknown, _id:N" */

struct callsite {
	char file[512];
	unsigned int line;
	char module[64];
	char function[256];
	char flags[16];		/* without the '=': "p", "pmf", "_" */
	char format[256];	/* unescaped; cut at a character boundary if longer */
	const char *class;	/* CLASS_NONE, CLASS_UNKNOWN or class_buf */
	char class_buf[64];
	bool enabled;		/* 'p' in flags */
};

/* Parse one control line; 0, or -1 if it is not a callsite line. */
int callsite_parse(const char *line, struct callsite *cs);

/*
 * The DRM category of a callsite: one of a DRM_UT_* class drm.debug
 * knows, or NULL (no class, an unknown class id, another subsystem's).
 */
const struct category *callsite_category(const struct callsite *cs);

/*
 * Call @fn for each callsite of the control file @f, lines of any length;
 * stops early if @fn returns non-zero, and returns that value. Lines that
 * are not callsites (but the header) are counted in *@bad if @bad.
 */
int callsites_each(FILE *f, int (*fn)(const struct callsite *cs, void *arg), void *arg,
		   unsigned long *bad);

/* Open the control file for reading, or NULL (and *@rc an EXIT_* code) after printing why. */
FILE *control_open(int *rc, bool quiet);
/*
 * Open, callsites_each(), close, and warn about lines not understood.
 * 0, or an EXIT_* code after printing why (@fn failing means out of memory).
 */
int control_scan(int (*fn)(const struct callsite *cs, void *arg), void *arg, bool quiet);

/* The kernel takes at most this many bytes per write to the control file. */
#define CONTROL_WRITE_MAX 4095
/* One write(2) of @q; 0, or an EXIT_* code after printing why. */
int control_write(const char *q);
/*
 * The queries of @q (each ending in '\n') in as few writes as the size
 * limit allows, split between queries; 0, or EXIT_* after printing why.
 */
int control_write_all(const struct strlist *q);

/*
 * The flags of every DRM class'd callsite, to put back what a capture or
 * a benchmark changed: callsites enabled or decorated through the control
 * file are not described by drm.debug alone.
 */
struct site_flags {
	char *key;		/* "module M file F line N class C" */
	char flags[16];
};
struct flag_snapshot {
	struct site_flags *v;
	size_t n, max;
};
/* 0, or an EXIT_* code after printing why. */
int flags_snapshot(struct flag_snapshot *s);
/*
 * Write "KEY =FLAGS" for each callsite whose flags differ from @s, in as
 * few writes as possible; their number into *@changed. 0 or EXIT_*.
 */
int flags_restore(const struct flag_snapshot *s, unsigned long *changed);
void flags_snapshot_free(struct flag_snapshot *s);
/* Add one callsite's flags (a saved state being read); 0, or -1. */
int flags_snapshot_add(struct flag_snapshot *s, const char *key, const char *flags);
/* Sort by key, as flags_restore() needs. */
void flags_snapshot_sort(struct flag_snapshot *s);

#endif

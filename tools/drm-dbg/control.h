/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dynamic debug callsites, as /proc/dynamic_debug/control lists them:
 *
 *   drivers/gpu/drm/drm_print.c:216 [drm]__drm_dev_dbg =p "%s%s %pV" class:DRM_UT_KMS
 */
#ifndef DRM_DBG_CONTROL_H
#define DRM_DBG_CONTROL_H

#include <stdbool.h>
#include <stdio.h>

#define CLASS_NONE	NULL		/* a callsite without a class */
extern const char CLASS_UNKNOWN[];	/* "class unknown, _id:N" */

struct callsite {
	char file[256];
	unsigned int line;
	char module[64];
	char function[128];
	char flags[16];
	char format[256];	/* unescaped, truncated if longer */
	const char *class;	/* CLASS_NONE, CLASS_UNKNOWN or class_buf */
	char class_buf[64];
	bool enabled;		/* 'p' in flags */
};

/* Parse one control line; 0, or -1 if it is not a callsite line. */
int callsite_parse(const char *line, struct callsite *cs);

/*
 * Call @fn for each callsite of the control file @f; stops early if @fn
 * returns non-zero, and returns that value. Malformed lines are skipped.
 */
int callsites_each(FILE *f, int (*fn)(const struct callsite *cs, void *arg), void *arg);

/* Open the control file below --proc-root, or NULL after printing why. */
FILE *control_open(void);

#endif

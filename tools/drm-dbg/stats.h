/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Class'd DRM callsites per module and per category, from the control
 * file: what status, list and set -m report and work from.
 */
#ifndef DRM_DBG_STATS_H
#define DRM_DBG_STATS_H

#include <stdbool.h>

#define MAX_MODULES 64
struct module_stats {
	char name[64];
	unsigned int total, enabled;
	unsigned int per_cat[16], per_cat_enabled[16];
};
struct dbg_stats {
	bool available;		/* the control file could be read */
	int error;		/* if not: the EXIT_* code */
	unsigned int n;
	struct module_stats mod[MAX_MODULES];
	unsigned int unknown_class;	/* callsites of a class id no classmap names */
	unsigned long other_modules;	/* modules beyond MAX_MODULES (not counted) */
};
/* Read the control file quietly: st->available says whether it could be. */
void dbg_stats_read(struct dbg_stats *st);
/* The stats of module @name, or NULL. */
const struct module_stats *dbg_stats_module(const struct dbg_stats *st, const char *name);

#endif

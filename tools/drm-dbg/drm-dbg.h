/* SPDX-License-Identifier: GPL-2.0 */
/*
 * drm-dbg: read and set DRM debug categories, list their callsites,
 * capture a debug log for a bug report, measure what a switch costs.
 */
#ifndef DRM_DBG_H
#define DRM_DBG_H

#include <stdbool.h>

#include "category.h"
#include "control.h"
#include "json.h"
#include "kernel.h"

#define DRM_DBG_VERSION "0.1"

extern bool json_output;	/* -j */
extern bool pretty_output;	/* -p */

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;	/* the line after "drm-dbg " in --help */
};

int do_status(int argc, char **argv);
int do_set(int argc, char **argv);
int do_list(int argc, char **argv);
int do_callsites(int argc, char **argv);
int do_capture(int argc, char **argv);
int do_bench(int argc, char **argv);
int do_devices(int argc, char **argv);

/* The command of @name or a unique prefix of it; NULL after printing why. */
const struct cmd *cmd_lookup(const struct cmd *cmds, const char *name);

/* Entry point, for main() and the tests: parses global options. */
int drm_dbg_main(int argc, char **argv);

/*
 * Class'd DRM callsites per module and per category, from the control
 * file. A DRM callsite is one of a DRM_UT_* class.
 */
#define MAX_MODULES 64
struct module_stats {
	char name[64];
	unsigned int total, enabled;
	unsigned int per_cat[16], per_cat_enabled[16];
};
struct dbg_stats {
	bool available;		/* the control file could be read */
	unsigned int n;
	struct module_stats mod[MAX_MODULES];
	unsigned int unknown_class;	/* DRM modules' callsites of no known class */
};
void dbg_stats_read(struct dbg_stats *st);

#endif

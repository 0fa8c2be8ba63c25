/* SPDX-License-Identifier: GPL-2.0 */
/*
 * drm-dbg: read and set DRM debug categories, list their callsites,
 * capture a debug log for a bug report, measure what a switch costs.
 */
#ifndef DRM_DBG_H
#define DRM_DBG_H

#include <getopt.h>
#include <stdbool.h>

#include "category.h"
#include "control.h"
#include "json.h"
#include "kernel.h"
#include "stats.h"
#include "util.h"

#define DRM_DBG_VERSION "0.2"

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;	/* the synopsis after "drm-dbg " */
	const char *help;	/* what it does, and its options, for "help CMD" */
};

int do_status(int argc, char **argv);
int do_set(int argc, char **argv);
int do_list(int argc, char **argv);
int do_callsites(int argc, char **argv);
int do_capture(int argc, char **argv);
int do_bench(int argc, char **argv);
int do_devices(int argc, char **argv);
int do_restore(int argc, char **argv);
int do_reset(int argc, char **argv);

/* The command of @name or a unique prefix of it; NULL after printing why. */
const struct cmd *cmd_lookup(const struct cmd *cmds, const char *name);

/* Entry point, for main() and the tests: parses global options. */
int drm_dbg_main(int argc, char **argv);

/*
 * getopt_long over a command's options plus the global ones (-j, -p,
 * --sysfs-root, --proc-root, which are handled here, and -h): returns a
 * command option, 'h' for --help, -1 at the end, or '?' after printing
 * a one-line error. @shortopts may start with '+' (stop at the first
 * argument that is not an option).
 */
int cmd_getopt(int argc, char **argv, const char *cmd, const char *shortopts,
	       const struct option *longopts);
/*
 * A global option in argv[*i] (and its argument after it): handled and
 * *i advanced, 1; not one, 0; a bad one, -1 after printing why.
 */
int global_option(int argc, char **argv, int *i);
/* Print "help CMD" for @name to stdout; EXIT_OK. */
int cmd_help(const char *name);
/*
 * Options of a command that takes no arguments (status, list, devices):
 * -1 to go on, or the exit code after --help or an error.
 */
int no_args(int argc, char **argv, const char *cmd);

/*
 * Read drm.debug into *@old and parse @spec against it into *@new; 0,
 * or an EXIT_* code after printing why ("...; nothing changed").
 */
int spec_against_current(const char *spec, unsigned long *old, unsigned long *new);

#endif

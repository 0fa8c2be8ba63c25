// SPDX-License-Identifier: GPL-2.0
/*
 * drm-dbg: command table, global options, help.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drm-dbg.h"

bool json_output;
bool pretty_output;

static const struct cmd cmds[] = {
	{ "status",    do_status,    "status" },
	{ "set",       do_set,       "set SPEC" },
	{ "list",      do_list,      "list" },
	{ "callsites", do_callsites, "callsites [-c CATEGORY] [-m MODULE] [--enabled]" },
	{ "capture",   do_capture,   "capture [-c SPEC] [-o FILE] [-t SECONDS | -- COMMAND...]" },
	{ "bench",     do_bench,     "bench [-r ROUNDS] [--pattern one-write|per-class|per-site]" },
	{ "devices",   do_devices,   "devices" },
	{ NULL, NULL, NULL }
};

static void usage(FILE *out)
{
	const struct cmd *c;

	fprintf(out,
		"Usage: drm-dbg [OPTIONS] [COMMAND [ARGS]]\n"
		"Read and set DRM debug categories (drm.debug), list their callsites,\n"
		"capture a debug log for a bug report, measure what a switch costs.\n"
		"\nCommands (a unique prefix will do; default: status):\n");
	for (c = cmds; c->name; c++)
		fprintf(out, "  drm-dbg %s\n", c->usage);
	fprintf(out,
		"\nSPEC: kms,atomic (exactly these)  +dp -vbl (relative)  0x1e  all  none\n"
		"      names are case-insensitive, with or without DRM_UT_\n"
		"\nOptions:\n"
		"  -j, --json          JSON output (compact)\n"
		"  -p, --pretty        JSON output, indented\n"
		"      --sysfs-root D  use D instead of /sys (for tests)\n"
		"      --proc-root D   use D instead of /proc (for tests)\n"
		"  -h, --help          this help\n"
		"  -V, --version       version\n"
		"\nSee drm-dbg(1).\n");
}

const struct cmd *cmd_lookup(const struct cmd *table, const char *name)
{
	const struct cmd *c, *found = NULL;
	size_t len = strlen(name);

	for (c = table; c->name; c++) {
		if (!strcmp(c->name, name))
			return c;
		if (!strncmp(c->name, name, len)) {
			if (found) {
				error("'%s' is ambiguous: %s or %s?", name, found->name, c->name);
				return NULL;
			}
			found = c;
		}
	}
	if (!found)
		error("unknown command '%s' (see drm-dbg --help)", name);
	return found;
}

static int set_root(char *dst, size_t len, const char *val)
{
	if (strlen(val) >= len) {
		error("path too long: %s", val);
		return -1;
	}
	strcpy(dst, val);
	return 0;
}

int drm_dbg_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",       no_argument,       NULL, 'j' },
		{ "pretty",     no_argument,       NULL, 'p' },
		{ "help",       no_argument,       NULL, 'h' },
		{ "version",    no_argument,       NULL, 'V' },
		{ "sysfs-root", required_argument, NULL, 'S' },
		{ "proc-root",  required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd *c;
	int opt;

	json_output = pretty_output = false;
	optind = 0;
	/* '+': options after the command belong to the command */
	while ((opt = getopt_long(argc, argv, "+jphV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json_output = true;
			break;
		case 'p':
			json_output = pretty_output = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("drm-dbg %s\n", DRM_DBG_VERSION);
			return EXIT_OK;
		case 'S':
			if (set_root(sysfs_root, sizeof(sysfs_root), optarg))
				return EXIT_USAGE;
			break;
		case 'P':
			if (set_root(proc_root, sizeof(proc_root), optarg))
				return EXIT_USAGE;
			break;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (!argc)
		return do_status(0, NULL);
	if (!strcmp(argv[0], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	c = cmd_lookup(cmds, argv[0]);
	if (!c)
		return EXIT_USAGE;
	return c->fn(argc, argv);
}

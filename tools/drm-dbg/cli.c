// SPDX-License-Identifier: GPL-2.0
/*
 * drm-dbg: command table, global options, help.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drm-dbg.h"

static const struct cmd cmds[] = {
	{ "status", do_status, "status",
	  "The current drm.debug mask in hex and by name, each category on or off,\n"
	  "whether drm.debug is implemented with dynamic debug, and per module how\n"
	  "many of its class'd callsites are enabled. The default command. Root only:\n"
	  "drm.debug is mode 0600.\n" },
	{ "set", do_set, "set [-n|--dry-run] [-m MODULE] [--decorate FLAGS] SPEC",
	  "Change drm.debug by category names and print the old and new mask.\n"
	  "Nothing is written if SPEC is invalid.\n"
	  "  -n, --dry-run      print what would be written, write nothing\n"
	  "  -m, --module M     only module M's callsites, through the control file\n"
	  "                     (\"module M class DRM_UT_KMS +p\"); drm.debug is unchanged\n"
	  "  --decorate FLAGS   decorate the messages of the categories SPEC enables:\n"
	  "                     m module, f function, s source file, l line, t thread;\n"
	  "                     \"none\" for none\n" },
	{ "list", do_list, "list",
	  "The categories: name, bit, mask, meaning, and their callsites per module\n"
	  "(from the control file, mode 0644: no root needed).\n" },
	{ "callsites", do_callsites, "callsites [-c SPEC] [-m MODULE] [--enabled]",
	  "The class'd DRM callsites, from the dynamic debug control file.\n"
	  "  -c, --categories SPEC  callsites of these categories (as for set)\n"
	  "  -m, --module M         of module M\n"
	  "  -e, --enabled          only the enabled ones\n" },
	{ "capture", do_capture, "capture [-c SPEC] [-o FILE] [--as-root] [-t SECONDS | [--] COMMAND...]",
	  "Set the categories of SPEC (default driver,kms,prime,atomic), follow the\n"
	  "kernel log, run COMMAND or wait SECONDS or until Ctrl-C, restore the\n"
	  "previous state (mask and callsite flags) and write a report.\n"
	  "  -c, --categories SPEC  categories while capturing\n"
	  "  -o, --output FILE      the report (default drm-debug-DATE-TIME.txt; - stdout)\n"
	  "  -t, --time SECONDS     capture for this long (a positive number)\n"
	  "      --as-root          under sudo, run COMMAND as root (default: as the\n"
	  "                         user who ran sudo, from SUDO_UID and SUDO_GID)\n"
	  "The report is written as the capture goes; its outcome is at its end.\n"
	  "With -j, a JSON summary on standard output (the report needs -o FILE).\n"
	  "Exit status: COMMAND's own (128+N if a signal N killed it), 128+N if\n"
	  "drm-dbg got signal N (but Ctrl-C when it waits for Ctrl-C), else 0.\n" },
	{ "bench", do_bench, "bench [-r ROUNDS] [-P|--pattern one-write|per-class|per-site]",
	  "Switch every category on and off ROUNDS times (default 5) and report the\n"
	  "text-patching syncs, IPIs and time per switch (min, median, max).\n"
	  "  -r, --rounds N        1 to 1000\n"
	  "  -P, --pattern NAME    one-write: drm.debug 0x3ff, then 0\n"
	  "                        per-class: one control write per category\n"
	  "                        per-site:  one control write per class'd callsite\n"
	  "The previous state (mask and callsite flags) is restored, also on SIGINT.\n" },
	{ "restore", do_restore, "restore",
	  "Put back the drm.debug mask and callsite flags that a capture or bench\n"
	  "saved before it changed them, when it was killed or its restore failed\n"
	  "(the state in /run/drm-dbg/state). Nothing to restore is not an error.\n" },
	{ "reset", do_reset, "reset",
	  "drm.debug 0, and no flag on any class'd DRM callsite (\"class DRM_UT_X =_\"\n"
	  "for each category); a saved state is dropped.\n" },
	{ "devices", do_devices, "devices",
	  "The DRM devices (libdrm): nodes, bus, PCI ids, driver name and version.\n" },
	{ NULL, NULL, NULL, NULL }
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
		"  drm-dbg help [COMMAND]\n"
		"\nSPEC: kms,atomic (exactly these)  +dp -vbl (relative)  0x1e  all  none\n"
		"      names are case-insensitive, with or without DRM_UT_\n"
		"\nOptions (before or after the command):\n"
		"  -j, --json          JSON output (compact); errors as {\"error\": ...}\n"
		"  -p, --pretty        JSON output, indented\n"
		"      --sysfs-root D  use D instead of /sys (for tests)\n"
		"      --proc-root D   use D instead of /proc (for tests)\n"
		"      --run-root D    use D instead of /run (for tests)\n"
		"  -h, --help          this help; COMMAND --help: the command's\n"
		"  -V, --version       version\n"
		"\nMost commands need root. See drm-dbg(1).\n");
}

const struct cmd *cmd_lookup(const struct cmd *table, const char *name)
{
	const struct cmd *c, *found = NULL;
	size_t len = strlen(name);

	if (!len) {
		pr_err("empty command (see drm-dbg --help)");
		return NULL;
	}
	for (c = table; c->name; c++) {
		if (!strcmp(c->name, name))
			return c;
		if (!strncmp(c->name, name, len)) {
			if (found) {
				pr_err("'%s' is ambiguous: %s or %s?", name, found->name, c->name);
				return NULL;
			}
			found = c;
		}
	}
	if (!found)
		pr_err("unknown command '%s' (see drm-dbg --help)", name);
	return found;
}

int cmd_help(const char *name)
{
	const struct cmd *c = cmd_lookup(cmds, name);

	if (!c)
		return EXIT_USAGE;
	printf("Usage: drm-dbg [OPTIONS] %s\n\n%s\nOptions -j, -p, --sysfs-root, --proc-root may follow the command.\n",
	       c->usage, c->help);
	return EXIT_OK;
}

/*
 * --sysfs-root, --proc-root and --run-root point drm-dbg at a fake kernel
 * for its tests. Under sudo or setuid they would let whoever may run
 * drm-dbg as root write any file as root: refused there.
 */
static int set_root(char *dst, size_t len, const char *val)
{
	if (getuid() != geteuid() || getenv("SUDO_UID")) {
		pr_err("--sysfs-root, --proc-root and --run-root are for tests: refused under sudo or setuid");
		return -1;
	}
	if (strlen(val) >= len) {
		pr_err("path too long: %s", val);
		return -1;
	}
	strcpy(dst, val);
	return 0;
}

enum { OPT_SYSFS_ROOT = 0x100, OPT_PROC_ROOT, OPT_RUN_ROOT };

static const struct option global_longopts[] = {
	{ "json",       no_argument,       NULL, 'j' },
	{ "pretty",     no_argument,       NULL, 'p' },
	{ "help",       no_argument,       NULL, 'h' },
	{ "sysfs-root", required_argument, NULL, OPT_SYSFS_ROOT },
	{ "proc-root",  required_argument, NULL, OPT_PROC_ROOT },
	{ "run-root",   required_argument, NULL, OPT_RUN_ROOT },
};
#define N_GLOBAL (sizeof(global_longopts) / sizeof(global_longopts[0]))

/* The option getopt_long just refused, as the user wrote it. */
static void bad_option(char **argv, int opt, const char *cmd)
{
	char name[64];
	const char *arg = argv[optind - 1];

	if (optopt)
		snprintf(name, sizeof(name), "-%c", optopt);
	else
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg, "="), arg);
	if (cmd)
		pr_err("%s: %s '%s' (see drm-dbg help %s)", cmd,
		       opt == ':' ? "missing argument to" : "unknown option", name, cmd);
	else
		pr_err("%s '%s' (see drm-dbg --help)",
		       opt == ':' ? "missing argument to" : "unknown option", name);
}

int cmd_getopt(int argc, char **argv, const char *cmd, const char *shortopts,
	       const struct option *longopts)
{
	char shorts[64];
	struct option longs[24];
	bool plus = shortopts[0] == '+';
	size_t n = 0, i;
	int opt;

	snprintf(shorts, sizeof(shorts), "%s:%sjph", plus ? "+" : "", shortopts + plus);
	for (; longopts && longopts[n].name && n < 24 - N_GLOBAL - 1; n++)
		longs[n] = longopts[n];
	for (i = 0; i < N_GLOBAL; i++)
		longs[n++] = global_longopts[i];
	memset(&longs[n], 0, sizeof(longs[n]));
	opterr = 0;
	for (;;) {
		optopt = 0;
		opt = getopt_long(argc, argv, shorts, longs, NULL);
		switch (opt) {
		case 'j':
			json_output = true;
			break;
		case 'p':
			json_output = pretty_output = true;
			break;
		case OPT_SYSFS_ROOT:
			if (set_root(sysfs_root, sizeof(sysfs_root), optarg))
				return '?';
			break;
		case OPT_PROC_ROOT:
			if (set_root(proc_root, sizeof(proc_root), optarg))
				return '?';
			break;
		case OPT_RUN_ROOT:
			if (set_root(run_root, sizeof(run_root), optarg))
				return '?';
			break;
		case '?':
		case ':':
			bad_option(argv, opt, cmd);
			return '?';
		default:
			return opt;
		}
	}
}

int global_option(int argc, char **argv, int *i)
{
	const char *a = argv[*i], *val = NULL;
	char *dst;

	if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
		json_output = true;
	} else if (!strcmp(a, "-p") || !strcmp(a, "--pretty") || !strcmp(a, "-jp") ||
		   !strcmp(a, "-pj")) {
		json_output = pretty_output = true;
	} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
		return 2;
	} else if (!strncmp(a, "--sysfs-root", 12) || !strncmp(a, "--proc-root", 11) ||
		   !strncmp(a, "--run-root", 10)) {
		size_t len = a[2] == 's' ? 12 : a[3] == 'r' ? 11 : 10;

		dst = a[2] == 's' ? sysfs_root : a[3] == 'r' ? proc_root : run_root;
		if (a[len] == '=') {
			val = a + len + 1;
		} else if (a[len]) {
			return 0;
		} else if (*i + 1 < argc) {
			val = argv[++*i];
		} else {
			pr_err("missing argument to '%s' (see drm-dbg --help)", a);
			return -1;
		}
		return set_root(dst, 256, val) ? -1 : 1;
	} else {
		return 0;
	}
	return 1;
}

int no_args(int argc, char **argv, const char *cmd)
{
	int opt = cmd_getopt(argc, argv, cmd, "", NULL);

	if (opt == 'h')
		return cmd_help(cmd);
	if (opt != -1)
		return EXIT_USAGE;
	if (optind < argc) {
		pr_err("%s takes no arguments ('%s'; see drm-dbg help %s)", cmd, argv[optind], cmd);
		return EXIT_USAGE;
	}
	return -1;
}

int spec_against_current(const char *spec, unsigned long *old, unsigned long *new)
{
	char err[200];
	int rc = debug_read(old);

	if (rc)
		return rc;
	if (category_parse_spec(spec, *old, new, err, sizeof(err))) {
		pr_err("%s; nothing changed", err);
		return EXIT_USAGE;
	}
	return 0;
}

int drm_dbg_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "version",    no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd *c;
	int opt;

	json_output = pretty_output = false;
	pr_reset();
	optind = 0;
	/* '+': what follows the command is the command's */
	while ((opt = cmd_getopt(argc, argv, NULL, "+V", longopts)) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("drm-dbg %s\n", DRM_DBG_VERSION);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (!argc) {
		optind = 0;
		return do_status(1, (char *[]){ (char *)"status", NULL });
	}
	if (!strcmp(argv[0], "help")) {
		if (argc > 2) {
			pr_err("help takes one command");
			return EXIT_USAGE;
		}
		if (argc == 2)
			return cmd_help(argv[1]);
		usage(stdout);
		return EXIT_OK;
	}
	c = cmd_lookup(cmds, argv[0]);
	if (!c)
		return EXIT_USAGE;
	optind = 0;
	return c->fn(argc, argv);
}

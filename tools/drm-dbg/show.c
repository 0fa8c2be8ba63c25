// SPDX-License-Identifier: GPL-2.0
/*
 * drm-dbg status, list, callsites: what is set, and where.
 */
#include <stdio.h>
#include <string.h>

#include "drm-dbg.h"

int do_status(int argc, char **argv)
{
	struct dbg_stats st;
	unsigned long mask;
	char names[160];
	bool dyndbg, via_dyndbg;
	unsigned int i;
	size_t k;
	int rc = no_args(argc, argv, "status");

	if (rc >= 0)
		return rc;
	rc = debug_read(&mask);
	if (rc)
		return rc;
	dyndbg = have_dyndbg();
	via_dyndbg = drm_uses_dyndbg();
	dbg_stats_read(&st);

	if (json_output) {
		struct json j;

		json_init(&j, stdout, pretty_output);
		json_open(&j, NULL, '{');
		json_u64(&j, "debug", mask);
		json_categories(&j, "names", mask);
		json_u64(&j, "unknown_bits", mask & ~CATEGORY_ALL_MASK);
		json_open(&j, "kernel", '{');
		json_bool(&j, "dynamic_debug", dyndbg);
		json_bool(&j, "drm_uses_dynamic_debug", via_dyndbg);
		json_bool(&j, "classmaps", st.n > 0);
		json_bool(&j, "callsites_available", st.available && st.n > 0);
		json_close(&j, '}');
		json_open(&j, "categories", '[');
		for (k = 0; k < n_categories; k++) {
			json_open(&j, NULL, '{');
			json_str(&j, "name", categories[k].name);
			json_u64(&j, "bit", categories[k].bit);
			json_bool(&j, "enabled", mask & (1UL << categories[k].bit));
			json_close(&j, '}');
		}
		json_close(&j, ']');
		json_open(&j, "modules", '[');
		for (i = 0; i < st.n; i++) {
			json_open(&j, NULL, '{');
			json_str(&j, "name", st.mod[i].name);
			json_u64(&j, "enabled", st.mod[i].enabled);
			json_u64(&j, "callsites", st.mod[i].total);
			json_close(&j, '}');
		}
		json_close(&j, ']');
		json_u64(&j, "unknown_class", st.unknown_class);
		json_close(&j, '}');
		json_end(&j);
		return EXIT_OK;
	}

	printf("drm.debug  0x%lx (%s)\n", mask, category_mask_names(mask, names, sizeof(names)));
	for (k = 0; k < n_categories; k++)
		printf("  %-7s %-3s  bit %u\n", categories[k].name,
		       mask & (1UL << categories[k].bit) ? "on" : "off", categories[k].bit);
	if (mask & ~CATEGORY_ALL_MASK)
		printf("  unknown bits 0x%lx (not categories drm-dbg knows)\n",
		       mask & ~CATEGORY_ALL_MASK);
	printf("kernel     dynamic debug %s, drm.debug %s, DRM classmaps %s\n",
	       dyndbg ? "yes" : "no",
	       via_dyndbg ? "via dynamic debug (CONFIG_DRM_USE_DYNAMIC_DEBUG)" :
			    "a plain bitmask (switching costs no IPIs)",
	       st.n ? "yes" : "no");
	if (!st.available || !st.n) {
		printf("callsites  unavailable%s\n",
		       st.error == EXIT_PERM ? " (the control file is not readable: run as root)" :
		       via_dyndbg ? "" : " (drm.debug is not implemented with dynamic debug)");
		return EXIT_OK;
	}
	printf("callsites  enabled/class'd per module\n");
	for (i = 0; i < st.n; i++)
		printf("  %-20s %5u/%u\n", st.mod[i].name, st.mod[i].enabled, st.mod[i].total);
	if (st.unknown_class)
		printf("  (%u callsites of an unknown class: not reachable by drm.debug)\n",
		       st.unknown_class);
	return EXIT_OK;
}

int do_list(int argc, char **argv)
{
	struct dbg_stats st;
	unsigned int i;
	size_t k;
	int rc = no_args(argc, argv, "list");

	if (rc >= 0)
		return rc;
	dbg_stats_read(&st);

	if (json_output) {
		struct json j;

		json_init(&j, stdout, pretty_output);
		json_open(&j, NULL, '[');
		for (k = 0; k < n_categories; k++) {
			const struct category *c = &categories[k];

			json_open(&j, NULL, '{');
			json_str(&j, "name", c->name);
			json_u64(&j, "bit", c->bit);
			json_u64(&j, "mask", 1UL << c->bit);
			json_str(&j, "meaning", c->meaning);
			if (st.available) {
				json_open(&j, "callsites", '{');
				for (i = 0; i < st.n; i++)
					if (st.mod[i].per_cat[c->bit])
						json_u64(&j, st.mod[i].name, st.mod[i].per_cat[c->bit]);
				json_close(&j, '}');
			} else {
				json_null(&j, "callsites");
			}
			json_close(&j, '}');
		}
		json_close(&j, ']');
		json_end(&j);
		return EXIT_OK;
	}

	printf("%-7s %3s %6s  %s\n", "NAME", "BIT", "MASK", "MEANING / CALLSITES");
	for (k = 0; k < n_categories; k++) {
		const struct category *c = &categories[k];
		const char *sep = "    ";

		printf("%-7s %3u %#6lx  %s\n", c->name, c->bit, 1UL << c->bit, c->meaning);
		if (!st.available || !st.n)
			continue;
		printf("%19s", "");
		for (i = 0; i < st.n; i++) {
			if (!st.mod[i].per_cat[c->bit])
				continue;
			printf("%s%s %u", sep, st.mod[i].name, st.mod[i].per_cat[c->bit]);
			sep = ", ";
		}
		printf("%s\n", strcmp(sep, "    ") ? "" : "    (no callsites)");
	}
	if (!st.available)
		printf("(callsite counts unavailable: %s)\n",
		       st.error == EXIT_PERM ? "the control file is not readable; run as root" :
		       "no dynamic debug control file");
	return EXIT_OK;
}

struct callsite_filter {
	unsigned long mask;
	const char *module;
	bool enabled;
	unsigned int count;
	struct json *j;
};

static int callsite_show(const struct callsite *cs, void *arg)
{
	struct callsite_filter *f = arg;
	const struct category *c = callsite_category(cs);

	if (!c || !(f->mask & (1UL << c->bit)) || (f->module && strcmp(f->module, cs->module)) ||
	    (f->enabled && !cs->enabled))
		return 0;
	f->count++;
	if (f->j) {
		json_open(f->j, NULL, '{');
		json_str(f->j, "file", cs->file);
		json_u64(f->j, "line", cs->line);
		json_str(f->j, "module", cs->module);
		json_str(f->j, "function", cs->function);
		json_str(f->j, "category", c->name);
		json_bool(f->j, "enabled", cs->enabled);
		json_str(f->j, "flags", cs->flags);
		json_str(f->j, "format", cs->format);
		json_close(f->j, '}');
	} else {
		printf("%s:%u [%s]%s %s %s \"%.*s\"\n", cs->file, cs->line, cs->module,
		       cs->function, c->name, cs->enabled ? "on" : "off",
		       (int)strcspn(cs->format, "\n"), cs->format);
	}
	return 0;
}

int do_callsites(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "categories", required_argument, NULL, 'c' },
		{ "module",     required_argument, NULL, 'm' },
		{ "enabled",    no_argument,       NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	struct callsite_filter f = { .mask = CATEGORY_ALL_MASK };
	const char *spec = NULL;
	struct json j;
	int opt, rc;

	while ((opt = cmd_getopt(argc, argv, "callsites", "c:m:e", longopts)) != -1) {
		switch (opt) {
		case 'c':
			spec = optarg;
			break;
		case 'm':
			f.module = optarg;
			break;
		case 'e':
			f.enabled = true;
			break;
		case 'h':
			return cmd_help("callsites");
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		pr_err("callsites: unexpected argument '%s' (see drm-dbg help callsites)",
		       argv[optind]);
		return EXIT_USAGE;
	}
	if (spec) {
		unsigned long cur = 0;
		char err[200];

		/* a relative spec ("+dp") is relative to drm.debug */
		if (spec[strspn(spec, " \t")] == '+' || spec[strspn(spec, " \t")] == '-') {
			rc = debug_read(&cur);
			if (rc)
				return rc;
		}
		if (category_parse_spec(spec, cur, &f.mask, err, sizeof(err))) {
			pr_err("%s", err);
			return EXIT_USAGE;
		}
	}
	if (json_output) {
		FILE *ctl = control_open(&rc, false);

		if (!ctl)
			return rc;
		fclose(ctl);
		json_init(&j, stdout, pretty_output);
		json_open(&j, NULL, '[');
		f.j = &j;
	}
	rc = control_scan(callsite_show, &f, false);
	if (json_output) {
		json_close(&j, ']');
		json_end(&j);
	} else if (!rc && !f.count) {
		pr_note("no matching callsites");
	}
	return rc;
}

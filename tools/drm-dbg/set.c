// SPDX-License-Identifier: GPL-2.0
/*
 * drm-dbg set SPEC: change drm.debug by category names.
 */
#include <stdio.h>
#include <string.h>

#include "drm-dbg.h"

int do_set(int argc, char **argv)
{
	unsigned long old, new;
	char spec[512] = "", err[160], a[128], b[128];
	size_t len = 0;
	int i, rc;

	if (argc < 2) {
		error("set needs a SPEC: kms,atomic  +dp -vbl  0x1e  all  none");
		return EXIT_USAGE;
	}
	/* "set +dp -vbl" arrives as two words: join them */
	for (i = 1; i < argc; i++) {
		int n = snprintf(spec + len, sizeof(spec) - len, "%s%s", i > 1 ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(spec) - len) {
			error("category spec too long");
			return EXIT_USAGE;
		}
		len += (size_t)n;
	}
	rc = debug_read(&old);
	if (rc)
		return rc;
	if (category_parse_spec(spec, old, &new, err, sizeof(err))) {
		error("%s; nothing changed", err);
		return EXIT_USAGE;
	}
	rc = debug_writable();
	if (rc)
		return rc;
	if (new != old) {
		rc = debug_write(new);
		if (rc)
			return rc;
	}
	if (json_output) {
		struct json j;

		json_init(&j, stdout, pretty_output);
		json_open(&j, NULL, '{');
		json_u64(&j, "old", old);
		json_u64(&j, "new", new);
		json_str(&j, "old_names", category_mask_names(old, a, sizeof(a)));
		json_str(&j, "new_names", category_mask_names(new, b, sizeof(b)));
		json_close(&j, '}');
		json_end(&j);
	} else {
		printf("drm.debug 0x%lx (%s) -> 0x%lx (%s)\n", old,
		       category_mask_names(old, a, sizeof(a)), new,
		       category_mask_names(new, b, sizeof(b)));
	}
	return EXIT_OK;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for drm-dbg's parsers of untrusted text: category specs
 * (the command line) and control file lines (the kernel, or a file given
 * to the tests). The first byte picks the parser.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "category.h"
#include "control.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, err[160];
	struct callsite cs;
	unsigned long out;

	if (!size)
		return 0;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	if (data[0] & 1) {
		if (!category_parse_spec(s, data[0] * 4UL, &out, err, sizeof(err)) &&
		    (out & ~CATEGORY_ALL_MASK))
			abort();	/* a parsed mask never has unknown bits */
	} else if (!callsite_parse(s, &cs)) {
		if (strlen(cs.format) >= sizeof(cs.format) || !cs.module[0] || !cs.file[0])
			abort();
	}
	free(s);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for drm-dbg's parsers of untrusted text. The first
 * byte picks one:
 *   0  control file lines (callsite_parse), one line
 *   1  category specs (the command line)
 *   2  /proc/interrupts text (interrupts_cal), lines of any length
 *   3  a whole control file, split into lines (callsites_each)
 *   4  the JSON string writer: any bytes in, valid UTF-8 out
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "category.h"
#include "control.h"
#include "json.h"
#include "kernel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_site(const struct callsite *cs, void *arg)
{
	unsigned long *n = arg;

	if (strlen(cs->format) >= sizeof(cs->format) || !cs->module[0] || !cs->file[0] ||
	    !cs->function[0] || !cs->flags[0])
		abort();
	(*n)++;
	return 0;
}

static void check_utf8(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		n = utf8_seq_len((const unsigned char *)s + i, len - i);
		if (!n)
			abort();	/* the writer let invalid UTF-8 through */
		i += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, err[200], *buf = NULL;
	struct callsite cs;
	unsigned long out, n = 0, bad = 0;
	size_t len;
	FILE *f;

	if (!size)
		return 0;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 5) {
	case 0:
		if (!callsite_parse(s, &cs))
			count_site(&cs, &n);
		break;
	case 1:
		if (!category_parse_spec(s, data[0] * 4UL & CATEGORY_ALL_MASK, &out, err,
					 sizeof(err)) && (out & ~CATEGORY_ALL_MASK))
			abort();	/* a parsed mask never has unknown bits */
		break;
	case 2:
		f = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "r");
		if (f) {
			if (interrupts_cal(f) < -1)
				abort();
			fclose(f);
		}
		break;
	case 3:
		f = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "r");
		if (f) {
			callsites_each(f, count_site, &n, &bad);
			fclose(f);
		}
		break;
	case 4:
		f = open_memstream(&buf, &len);
		if (f) {
			struct json j;

			json_init(&j, f, false);
			json_str(&j, NULL, s);
			fclose(f);
			check_utf8(buf, len);
			free(buf);
		}
		break;
	}
	free(s);
	return 0;
}

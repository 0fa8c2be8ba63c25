// SPDX-License-Identifier: GPL-2.0
/*
 * DRM debug categories and category specs.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "category.h"

/* Bits and meanings as in include/drm/drm_print.h, enum drm_debug_category. */
const struct category categories[] = {
	{ "CORE",   0, "drm core code: ioctls, file handling" },
	{ "DRIVER", 1, "driver code: the controller and its driver" },
	{ "KMS",    2, "modesetting: CRTCs, planes, connectors" },
	{ "PRIME",  3, "prime: buffer sharing between devices" },
	{ "ATOMIC", 4, "atomic modesetting: state and checks" },
	{ "VBL",    5, "vblank events and timestamps (very noisy)" },
	{ "STATE",  6, "full atomic state dumps on commit (noisy)" },
	{ "LEASE",  7, "DRM leases" },
	{ "DP",     8, "DisplayPort: AUX, link training, MST" },
	{ "DRMRES", 9, "DRM managed resource allocation (drmm_*)" },
};
const size_t n_categories = sizeof(categories) / sizeof(categories[0]);

static const char *strip_prefix(const char *name)
{
	return strncasecmp(name, "DRM_UT_", 7) ? name : name + 7;
}

const struct category *category_by_name(const char *name)
{
	const char *n = strip_prefix(name);
	size_t i;

	for (i = 0; i < n_categories; i++)
		if (!strcasecmp(n, categories[i].name))
			return &categories[i];
	return NULL;
}

const struct category *category_by_class(const char *class)
{
	if (strncmp(class, "DRM_UT_", 7))
		return NULL;
	return category_by_name(class);
}

/*
 * Edit distance, case-insensitive, counting a swap of two neighbours as
 * one edit (optimal string alignment); names are short.
 */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t d[24][24];

	if (la >= 24 || lb >= 24)
		return la + lb;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
			size_t best = d[i - 1][j - 1] + (ca != cb);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *category_closest(const char *name)
{
	const char *n = strip_prefix(name), *best = NULL;
	size_t len = strlen(n), i, d, bestd;

	/*
	 * The edits allowed grow with the word: none for one or two letters
	 * ("on", "hi", "1e" are not typos of "DP"), one up to four letters
	 * ("kmz", "atmic" no), two from five ("atomc", "drvier").
	 */
	bestd = len <= 2 ? 0 : len <= 4 ? 1 : 2;
	bestd++;
	for (i = 0; i < n_categories; i++) {
		d = distance(n, categories[i].name);
		if (d < bestd) {
			bestd = d;
			best = categories[i].name;
		}
	}
	return best;
}

const char *category_unknown(const char *name, char *buf, size_t len)
{
	const char *close = category_closest(name);

	if (close)
		snprintf(buf, len, "unknown category '%s' (did you mean %s?)", name, close);
	else
		snprintf(buf, len, "unknown category '%s' (categories: all, none, "
			 "core, driver, kms, prime, atomic, vbl, state, lease, dp, drmres)", name);
	return buf;
}

/*
 * A number: hex with 0x, or decimal. A leading 0 before a digit (octal
 * to strtoul) is refused: "010" is 8 to C and 10 to a person.
 * 1 if @s is a number, 0 if it is not, -1 if it is a bad one.
 */
static int parse_number(const char *s, unsigned long *out, char *err, size_t errlen)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return 0;
	if (s[0] == '0' && isdigit((unsigned char)s[1])) {
		snprintf(err, errlen, "'%s': a leading 0 would make it octal; write hex (0x...) or decimal", s);
		return -1;
	}
	errno = 0;
	*out = strtoul(s, &end, 0);
	if (errno || *end || ((s[1] == 'x' || s[1] == 'X') && end == s + 2))
		return 0;
	if (*out & ~CATEGORY_ALL_MASK) {
		snprintf(err, errlen, "0x%lx has bits beyond the categories (0x%lx)",
			 *out, CATEGORY_ALL_MASK);
		return -1;
	}
	return 1;
}

int category_parse_spec(const char *spec, unsigned long cur, unsigned long *out,
			char *err, size_t errlen)
{
	unsigned long mask = 0, n;
	int relative = -1;	/* unknown until the first word */
	char buf[512], *word, *save = NULL;
	size_t len;

	while (isspace((unsigned char)*spec))
		spec++;
	len = strlen(spec);
	while (len && isspace((unsigned char)spec[len - 1]))
		len--;
	if (!len) {
		snprintf(err, errlen, "empty category spec");
		return -1;
	}
	if (len >= sizeof(buf)) {
		snprintf(err, errlen, "category spec too long");
		return -1;
	}
	memcpy(buf, spec, len);
	buf[len] = '\0';
	for (word = strtok_r(buf, " ,\t\n", &save); word;
	     word = strtok_r(NULL, " ,\t\n", &save)) {
		int op = 0, num;
		unsigned long m;
		const struct category *c;

		if (*word == '+' || *word == '-')
			op = *word++;
		if (relative < 0) {
			relative = op != 0;
			mask = relative ? cur : 0;
		} else if ((op != 0) != relative) {
			snprintf(err, errlen,
				 "mixes exact and relative words: use \"kms,atomic\" or \"+kms -vbl\"");
			return -1;
		}
		if (!*word) {
			snprintf(err, errlen, "'%c' without a category", op);
			return -1;
		}
		num = parse_number(word, &n, err, errlen);
		if (num < 0)
			return -1;
		if (num) {
			m = n;
		} else if (!strcasecmp(word, "all") || !strcasecmp(word, "none")) {
			m = tolower((unsigned char)*word) == 'a' ? CATEGORY_ALL_MASK : 0;
			if (!op)
				mask = 0;	/* "none" alone is 0, "all" all */
		} else {
			c = category_by_name(word);
			if (!c) {
				category_unknown(word, err, errlen);
				return -1;
			}
			m = 1UL << c->bit;
		}
		if (op == '-')
			mask &= ~m;
		else
			mask |= m;
	}
	*out = mask;
	return 0;
}

const char *category_mask_names(unsigned long mask, char *buf, size_t len)
{
	size_t i, pos = 0;

	buf[0] = '\0';
	for (i = 0; i < n_categories; i++) {
		if (!(mask & (1UL << categories[i].bit)))
			continue;
		pos += snprintf(buf + pos, pos < len ? len - pos : 0, "%s%s",
				pos ? "," : "", categories[i].name);
	}
	if (mask & ~CATEGORY_ALL_MASK)
		pos += snprintf(buf + pos, pos < len ? len - pos : 0, "%sunknown 0x%lx",
				pos ? "," : "", mask & ~CATEGORY_ALL_MASK);
	if (!pos)
		snprintf(buf, len, "none");
	return buf;
}

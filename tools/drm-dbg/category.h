/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DRM debug categories (enum drm_debug_category, the bits of drm.debug)
 * and the category specs drm-dbg accepts.
 */
#ifndef DRM_DBG_CATEGORY_H
#define DRM_DBG_CATEGORY_H

#include <stdbool.h>
#include <stddef.h>

struct category {
	const char *name;	/* without the DRM_UT_ prefix, upper case */
	unsigned int bit;
	const char *meaning;
};

extern const struct category categories[];
extern const size_t n_categories;

/* Every bit drm.debug defines. */
#define CATEGORY_ALL_MASK 0x3ffUL

/* The category called @name (any case, DRM_UT_ prefix optional), or NULL. */
const struct category *category_by_name(const char *name);
/* The category of class name @class ("DRM_UT_KMS"), or NULL. */
const struct category *category_by_class(const char *class);
/*
 * The valid name closest to @name, or NULL: no edit for a word of one or
 * two letters, one for three or four, two for longer words.
 */
const char *category_closest(const char *name);
/* "unknown category ... (did you mean ...?)" into @buf. */
const char *category_unknown(const char *name, char *buf, size_t len);

/*
 * Parse @spec against the current mask @cur into *@out:
 *   "kms,atomic"    exactly these categories
 *   "+dp -vbl"      relative to @cur (words separated by spaces or commas)
 *   "0x1e", "30"    a number, also as a word: "+0x100", "kms,0x10"
 *   "all", "none"
 * Leading and trailing blanks are ignored; "010" (octal to C) is refused.
 * Returns 0, or -1 with a one-line message in @err.
 */
int category_parse_spec(const char *spec, unsigned long cur, unsigned long *out,
			char *err, size_t errlen);

/* "KMS,ATOMIC" (or "none"; bits beyond: "unknown 0x400") for @mask, into @buf. */
const char *category_mask_names(unsigned long mask, char *buf, size_t len);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON writer: compact by default, indented when pretty. Strings
 * are written as valid UTF-8 whatever they hold: a byte that does not
 * start a well-formed UTF-8 sequence becomes U+FFFD.
 */
#ifndef DRM_DBG_JSON_H
#define DRM_DBG_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct json {
	FILE *out, *dest;	/* dest: stdout, while out is the memory buffer */
	char *buf;
	size_t len;
	bool pretty;
	int depth;
	bool first;	/* no member written yet at this depth */
};

void json_init(struct json *j, FILE *out, bool pretty);
void json_open(struct json *j, const char *key, char bracket);	/* '{' or '[' */
void json_close(struct json *j, char bracket);			/* '}' or ']' */
void json_str(struct json *j, const char *key, const char *val);	/* NULL: null */
void json_u64(struct json *j, const char *key, unsigned long long val);
void json_i64(struct json *j, const char *key, long long val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);
void json_end(struct json *j);	/* final newline; writes a held document out */
/* The names of the categories of @mask, as an array ("KMS", "ATOMIC"). */
void json_categories(struct json *j, const char *key, unsigned long mask);

/*
 * Length of the well-formed UTF-8 sequence at @s (at most @len bytes):
 * 1 to 4, or 0 if @s does not start one (stray continuation byte,
 * overlong form, surrogate, beyond U+10FFFF, cut short).
 */
size_t utf8_seq_len(const unsigned char *s, size_t len);
/* The longest prefix of @s, at most @max bytes, that ends on a character boundary. */
size_t utf8_trim(const char *s, size_t max);

#endif

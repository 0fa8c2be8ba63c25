/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON writer: compact by default, indented when pretty.
 */
#ifndef DRM_DBG_JSON_H
#define DRM_DBG_JSON_H

#include <stdbool.h>
#include <stdio.h>

struct json {
	FILE *out;
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
void json_end(struct json *j);	/* final newline */

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * A small JSON writer. Keys are NULL inside arrays.
 */
#include <stdlib.h>
#include <string.h>

#include "category.h"
#include "json.h"
#include "util.h"

/*
 * A document for standard output is held in memory until json_end(): if
 * pr_err() printed its {"error": ...} document meanwhile, this one is
 * dropped, so that standard output is one valid JSON document whatever
 * failed halfway.
 */
void json_init(struct json *j, FILE *out, bool pretty)
{
	j->dest = NULL;
	j->buf = NULL;
	j->len = 0;
	j->out = out;
	if (out == stdout) {
		FILE *mem = open_memstream(&j->buf, &j->len);

		if (mem) {
			j->dest = out;
			j->out = mem;
		}
	}
	j->pretty = pretty;
	j->depth = 0;
	j->first = true;
}

size_t utf8_seq_len(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	unsigned int cp;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;	/* continuation byte, 0xc0/0xc1, 0xf5.. */
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

size_t utf8_trim(const char *s, size_t max)
{
	size_t len = strnlen(s, max), i = 0, n;

	while (i < len) {
		n = utf8_seq_len((const unsigned char *)s + i, len - i);
		if (!n) {
			/* a sequence cut short by the end is dropped; a bad byte stays */
			size_t k = i + 1;

			while (k < len && ((unsigned char)s[k] & 0xc0) == 0x80)
				k++;
			if (k == len && (unsigned char)s[i] >= 0xc2 && (unsigned char)s[i] <= 0xf4 &&
			    len - i < 4)
				break;
			n = 1;
		}
		i += n;
	}
	return i;
}

static void put_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t left = strlen(str), n;

	fputc('"', out);
	while (left) {
		unsigned char c = *s;

		n = 1;
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(out, "\\u%04x", c);
			} else if (c < 0x80) {
				fputc(c, out);
			} else {
				n = utf8_seq_len(s, left);
				if (n) {
					fwrite(s, 1, n, out);
				} else {
					fputs("\\ufffd", out);
					n = 1;
				}
			}
		}
		s += n;
		left -= n;
	}
	fputc('"', out);
}

/* Separator, indentation and key before a value. */
static void member(struct json *j, const char *key)
{
	int i;

	if (!j->first)
		fputc(',', j->out);
	if (j->pretty && j->depth) {
		fputc('\n', j->out);
		for (i = 0; i < j->depth; i++)
			fputs("  ", j->out);
	}
	j->first = false;
	if (key) {
		put_string(j->out, key);
		fputs(j->pretty ? ": " : ":", j->out);
	}
}

void json_open(struct json *j, const char *key, char bracket)
{
	member(j, key);
	fputc(bracket, j->out);
	j->depth++;
	j->first = true;
}

void json_close(struct json *j, char bracket)
{
	int i;

	j->depth--;
	if (j->pretty && !j->first) {
		fputc('\n', j->out);
		for (i = 0; i < j->depth; i++)
			fputs("  ", j->out);
	}
	fputc(bracket, j->out);
	j->first = false;
}

void json_str(struct json *j, const char *key, const char *val)
{
	member(j, key);
	if (val)
		put_string(j->out, val);
	else
		fputs("null", j->out);
}

void json_u64(struct json *j, const char *key, unsigned long long val)
{
	member(j, key);
	fprintf(j->out, "%llu", val);
}

void json_i64(struct json *j, const char *key, long long val)
{
	member(j, key);
	fprintf(j->out, "%lld", val);
}

void json_bool(struct json *j, const char *key, bool val)
{
	member(j, key);
	fputs(val ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	fputs("null", j->out);
}

void json_end(struct json *j)
{
	fputc('\n', j->out);
	if (!j->dest)
		return;
	fclose(j->out);
	if (!pr_err_printed())
		fwrite(j->buf, 1, j->len, j->dest);
	free(j->buf);
	j->out = j->dest;
	j->dest = NULL;
	j->buf = NULL;
}

void json_categories(struct json *j, const char *key, unsigned long mask)
{
	size_t i;

	json_open(j, key, '[');
	for (i = 0; i < n_categories; i++)
		if (mask & (1UL << categories[i].bit))
			json_str(j, NULL, categories[i].name);
	json_close(j, ']');
}

// SPDX-License-Identifier: MIT
#include <inttypes.h>

#include "json_out.h"

void json_init(struct json_out *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma[0] = false;
}

/*
 * Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0 when it is not one.
 */
static int utf8_len(const unsigned char *s)
{
	int n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	/* a NUL ends the string: it fails this test, so no overread */
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/*
 * Text from sysfs or a driver may hold any bytes: JSON must be UTF-8, so
 * a byte that does not start a well-formed sequence becomes U+FFFD.
 */
static void put_escaped(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int n;

		if (c >= 0x80) {
			n = utf8_len((const unsigned char *)s);
			if (n)
				fwrite(s, 1, (size_t)n, f);
			else
				fputs("\\ufffd", f);
			s += n ? n - 1 : 0;
			continue;
		}
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void item(struct json_out *j, const char *key)
{
	if (j->need_comma[j->depth])
		fputc(',', j->f);
	j->need_comma[j->depth] = true;
	fprintf(j->f, "\n%*s", j->depth * 2, "");
	if (key) {
		put_escaped(j->f, key);
		fputs(": ", j->f);
	}
}

static void open_scope(struct json_out *j, const char *key, char c)
{
	if (j->depth || j->need_comma[0])
		item(j, key);
	else
		j->need_comma[0] = true;
	fputc(c, j->f);
	if (j->depth < 31)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_scope(struct json_out *j, char c)
{
	bool had = j->need_comma[j->depth];

	if (j->depth)
		j->depth--;
	if (had)
		fprintf(j->f, "\n%*s", j->depth * 2, "");
	fputc(c, j->f);
}

void json_begin_object(struct json_out *j, const char *key)
{
	open_scope(j, key, '{');
}

void json_end_object(struct json_out *j)
{
	close_scope(j, '}');
}

void json_begin_array(struct json_out *j, const char *key)
{
	open_scope(j, key, '[');
}

void json_end_array(struct json_out *j)
{
	close_scope(j, ']');
}

void json_string(struct json_out *j, const char *key, const char *val)
{
	item(j, key);
	if (val)
		put_escaped(j->f, val);
	else
		fputs("null", j->f);
}

void json_uint(struct json_out *j, const char *key, uint64_t val)
{
	item(j, key);
	fprintf(j->f, "%" PRIu64, val);
}

void json_int(struct json_out *j, const char *key, int64_t val)
{
	item(j, key);
	fprintf(j->f, "%" PRId64, val);
}

void json_bool(struct json_out *j, const char *key, bool val)
{
	item(j, key);
	fputs(val ? "true" : "false", j->f);
}

void json_finish(struct json_out *j)
{
	fputc('\n', j->f);
	fflush(j->f);
}

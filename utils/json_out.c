// SPDX-License-Identifier: MIT
#include <inttypes.h>

#include "json_out.h"

void json_init(struct json_out *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma[0] = false;
}

static void put_escaped(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

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

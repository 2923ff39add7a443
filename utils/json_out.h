/* SPDX-License-Identifier: MIT */
/* A minimal streaming JSON writer for the CLIs: valid output, escaped text. */
#ifndef ACCEL_JSON_OUT_H
#define ACCEL_JSON_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json_out {
	FILE *f;
	int depth;
	bool need_comma[32];
};

void json_init(struct json_out *j, FILE *f);
void json_begin_object(struct json_out *j, const char *key);
void json_end_object(struct json_out *j);
void json_begin_array(struct json_out *j, const char *key);
void json_end_array(struct json_out *j);
/* a NULL value is written as null */
void json_string(struct json_out *j, const char *key, const char *val);
void json_uint(struct json_out *j, const char *key, uint64_t val);
void json_int(struct json_out *j, const char *key, int64_t val);
void json_bool(struct json_out *j, const char *key, bool val);
void json_finish(struct json_out *j);

#endif

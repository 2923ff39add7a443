// SPDX-License-Identifier: MIT
/* The report: a table for people, JSON for programs. */
#include <stdio.h>
#include <string.h>

#include "bench.h"

static const char *fmt_ns(char *buf, size_t len, double ns)
{
	if (ns < 10000)
		snprintf(buf, len, "%.0f ns", ns);
	else if (ns < 10000000)
		snprintf(buf, len, "%.1f us", ns / 1e3);
	else
		snprintf(buf, len, "%.1f ms", ns / 1e6);
	return buf;
}

static const char *fmt_stat(char *buf, size_t len, bool have, double ns)
{
	if (!have)
		return "-";
	return fmt_ns(buf, len, ns);
}

static const char *fmt_num(char *buf, size_t len, double v)
{
	if (v < 0)
		return "-";
	snprintf(buf, len, v == (long)v ? "%.0f" : "%.1f", v);
	return buf;
}

static void print_units(const struct bench_result *x)
{
	char a[32];

	if (x->units <= 0 || !x->has_lib)
		return;
	if (!strcmp(x->unit, "B")) {
		printf("  %-8s %-22s libaccel %.2f GB/s", "", "", x->units / x->lib.median_ns);
		if (x->has_raw)
			printf(", raw %.2f GB/s: libaccel reaches %.2fx of raw",
			       x->units / x->raw.median_ns,
			       x->raw.median_ns / x->lib.median_ns);
		printf("\n");
	} else {
		printf("  %-8s %-22s %s per %s", "", "",
		       fmt_ns(a, sizeof(a), x->lib.median_ns / x->units), x->unit);
		if (x->has_raw)
			printf(" (raw %s)",
			       fmt_ns(a, sizeof(a), x->raw.median_ns / x->units));
		printf("\n");
	}
}

void bench_print_table(const struct bench_result *r, size_t n, bool short_mode)
{
	char a[32], b[32], c[32], d[32], e[32], f[32], g[32], h[32];
	size_t i;

	printf("accel_bench%s: median and p99 per operation, libaccel against the raw sequence\n\n",
	       short_mode ? " --short (few iterations: figures are rough)" : "");
	printf("%-8s %-22s %10s %10s %10s %10s %7s | %7s %7s %7s\n", "target",
	       "operation", "lib med", "lib p99", "raw med", "raw p99", "ratio",
	       "sys lib", "sys raw", "raw min");
	for (i = 0; i < n; i++) {
		const struct bench_result *x = &r[i];

		if (x->kind == BENCH_SKIPPED) {
			printf("%-8s skipped: %s\n", x->target, x->note);
			continue;
		}
		if (x->kind != BENCH_OP)
			continue;
		snprintf(a, sizeof(a), "-");
		if (x->has_lib && x->has_raw && x->raw.median_ns > 0)
			snprintf(a, sizeof(a), "%.2fx", x->lib.median_ns / x->raw.median_ns);
		printf("%-8s %-22s %10s %10s %10s %10s %7s | %7s %7s %7s\n",
		       x->target, x->op,
		       fmt_stat(b, sizeof(b), x->has_lib, x->lib.median_ns),
		       fmt_stat(c, sizeof(c), x->has_lib, x->lib.p99_ns),
		       fmt_stat(d, sizeof(d), x->has_raw, x->raw.median_ns),
		       fmt_stat(e, sizeof(e), x->has_raw, x->raw.p99_ns), a,
		       fmt_num(f, sizeof(f), x->lib_sys),
		       fmt_num(g, sizeof(g), x->raw_sys),
		       fmt_num(h, sizeof(h), x->raw_min_sys));
		print_units(x);
		if (x->note[0])
			printf("  %-8s %-22s note: %s\n", "", "", x->note);
	}

	printf("\nsystem calls per operation (strace -c -f, threads included)\n");
	for (i = 0; i < n; i++) {
		const struct bench_result *x = &r[i];

		if (x->kind != BENCH_OP || (!x->lib_sys_detail[0] && !x->raw_sys_detail[0]))
			continue;
		printf("%-8s %-22s lib: %s\n", x->target, x->op,
		       x->lib_sys_detail[0] ? x->lib_sys_detail : "-");
		if (x->raw_sys >= 0)
			printf("%-8s %-22s raw: %s  (%s)\n", "", "",
			       x->raw_sys_detail[0] ? x->raw_sys_detail : "none",
			       x->raw_desc);
	}

	printf("\nheap allocations per call (all threads, while the call runs)\n");
	for (i = 0; i < n; i++) {
		const struct bench_result *x = &r[i];

		if (x->kind != BENCH_ALLOCS)
			continue;
		if (x->allocs_submit < 0) {
			printf("%-8s %-22s -  %s\n", x->target, x->op, x->note);
			continue;
		}
		printf("%-8s accel_submit: %.2f allocs %.2f frees; accel_wait: %.2f allocs %.2f frees\n",
		       x->target, x->allocs_submit, x->frees_submit,
		       x->allocs_wait, x->frees_wait);
		if (x->note[0])
			printf("  %-6s %s\n", "", x->note);
	}
}

static void json_str(const char *k, const char *v, bool comma)
{
	printf("\"%s\": \"", k);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			printf("\\%c", *v);
		else if ((unsigned char)*v < 0x20)
			printf("\\u%04x", *v);
		else
			putchar(*v);
	}
	printf("\"%s", comma ? ", " : "");
}

static void json_num(const char *k, bool have, double v, bool comma)
{
	if (have)
		printf("\"%s\": %.6g%s", k, v, comma ? ", " : "");
	else
		printf("\"%s\": null%s", k, comma ? ", " : "");
}

static void json_stat(const char *k, bool have, const struct bench_stat *s)
{
	if (!have) {
		printf("\"%s\": null, ", k);
		return;
	}
	printf("\"%s\": {\"median_ns\": %.0f, \"p99_ns\": %.0f, \"samples\": %u}, ",
	       k, s->median_ns, s->p99_ns, s->samples);
}

void bench_print_json(const struct bench_result *r, size_t n, bool short_mode)
{
	static const char *const kinds[] = { "op", "allocs", "skipped" };
	size_t i;

	printf("{\"short\": %s, \"results\": [\n", short_mode ? "true" : "false");
	for (i = 0; i < n; i++) {
		const struct bench_result *x = &r[i];
		bool both = x->has_lib && x->has_raw && x->raw.median_ns > 0;

		printf("  {");
		json_str("kind", kinds[x->kind], true);
		json_str("target", x->target, true);
		json_str("op", x->op, true);
		if (x->kind == BENCH_OP) {
			json_str("raw_sequence", x->raw_desc, true);
			json_stat("libaccel", x->has_lib, &x->lib);
			json_stat("raw", x->has_raw, &x->raw);
			json_num("ratio", both, both ? x->lib.median_ns / x->raw.median_ns : 0,
				 true);
			json_num("units_per_op", x->units > 0, x->units, true);
			json_str("unit", x->unit, true);
			json_num("syscalls_lib", x->lib_sys >= 0, x->lib_sys, true);
			json_num("syscalls_raw", x->raw_sys >= 0, x->raw_sys, true);
			json_num("syscalls_raw_min", x->raw_min_sys >= 0,
				 x->raw_min_sys, true);
			json_str("syscalls_lib_detail", x->lib_sys_detail, true);
			json_str("syscalls_raw_detail", x->raw_sys_detail, true);
		} else if (x->kind == BENCH_ALLOCS) {
			json_num("allocs_per_submit", x->allocs_submit >= 0,
				 x->allocs_submit, true);
			json_num("frees_per_submit", x->frees_submit >= 0,
				 x->frees_submit, true);
			json_num("allocs_per_wait", x->allocs_wait >= 0,
				 x->allocs_wait, true);
			json_num("frees_per_wait", x->frees_wait >= 0,
				 x->frees_wait, true);
		}
		printf("\"unsupported\": %s, \"failed\": %s, ",
		       x->unsupported ? "true" : "false",
		       x->failed ? "true" : "false");
		json_str("note", x->note, false);
		printf("}%s\n", i + 1 < n ? "," : "");
	}
	printf("]}\n");
}

// SPDX-License-Identifier: MIT
/*
 * System calls per operation, counted by strace -c -f (threads included:
 * the soft device's worker does part of the work). This program is run
 * again under strace in a "count" mode that sets the target up and runs
 * one operation N times; two runs with different N are subtracted, so
 * start-up, setup and teardown cancel out.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define MAX_SYSCALLS 96
#define WARM_ITERS 3

struct sc_count {
	char name[32];
	double calls;
};

struct sc_table {
	struct sc_count c[MAX_SYSCALLS];
	size_t n;
};

bool bench_strace_available(void)
{
	return system("strace -V >/dev/null 2>&1") == 0;
}

static struct sc_count *sc_find(struct sc_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->c[i].name, name))
			return &t->c[i];
	if (t->n == MAX_SYSCALLS)
		return NULL;
	bench_copy_str(t->c[t->n].name, sizeof(t->c[0].name), name);
	t->c[t->n].calls = 0;
	return &t->c[t->n++];
}

/* strace -c rows: "% time  seconds  usecs/call  calls  [errors]  syscall" */
static int parse_strace(const char *path, struct sc_table *t)
{
	char line[256], *tok[8], *save;
	FILE *f = fopen(path, "re");
	struct sc_count *c;
	int n;

	if (!f)
		return -errno;
	t->n = 0;
	while (fgets(line, sizeof(line), f)) {
		n = 0;
		for (char *w = strtok_r(line, " \t\n", &save); w && n < 8;
		     w = strtok_r(NULL, " \t\n", &save))
			tok[n++] = w;
		if ((n != 5 && n != 6) || !strcmp(tok[n - 1], "total") ||
		    !strcmp(tok[n - 1], "syscall") || tok[0][0] == '-')
			continue;
		c = sc_find(t, tok[n - 1]);
		if (c)
			c->calls += strtod(tok[3], NULL);
	}
	fclose(f);
	return 0;
}

static int run_strace(const char *self, const struct bench_target *t,
		      const char *op, bool raw, unsigned int iters,
		      struct sc_table *out)
{
	char file[] = "/tmp/accel-bench-strace-XXXXXX", n[16], pre[4200];
	const char *argv[20];
	int fd, status, i = 0, ret;
	pid_t pid;

	fd = mkstemp(file);
	if (fd < 0)
		return -errno;
	close(fd);
	snprintf(n, sizeof(n), "%u", iters);
	argv[i++] = "strace";
	argv[i++] = "-f";
	argv[i++] = "-c";
	argv[i++] = "-o";
	argv[i++] = file;
	if (t->needs_shim && getenv("ACCEL_BENCH_PRELOAD")) {
		/* preload into the traced program only, not into strace */
		snprintf(pre, sizeof(pre), "LD_PRELOAD=%s",
			 getenv("ACCEL_BENCH_PRELOAD"));
		argv[i++] = "-E";
		argv[i++] = pre;
	}
	argv[i++] = self;
	argv[i++] = "--count";
	argv[i++] = t->name;
	argv[i++] = op;
	argv[i++] = raw ? "raw" : "lib";
	argv[i++] = n;
	argv[i] = NULL;

	pid = fork();
	if (pid < 0) {
		ret = -errno;
		goto out;
	}
	if (!pid) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execvp("strace", (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		ret = -errno;
		goto out;
	}
	ret = WIFEXITED(status) && !WEXITSTATUS(status) ? parse_strace(file, out)
							: -ECHILD;
out:
	unlink(file);
	return ret;
}

static int cmp_count(const void *a, const void *b)
{
	const struct sc_count *x = a, *y = b;

	return x->calls < y->calls ? 1 : x->calls > y->calls ? -1 :
		strcmp(x->name, y->name);
}

int bench_count_syscalls(const char *self, const struct bench_target *t,
			 const char *op, bool raw, unsigned int per,
			 double *per_op, char *detail, size_t len)
{
	static struct sc_table a, b;
	double total = 0;
	size_t i, l = 0;
	int ret;

	ret = run_strace(self, t, op, raw, WARM_ITERS, &a);
	if (!ret)
		ret = run_strace(self, t, op, raw, WARM_ITERS + per, &b);
	if (ret)
		return ret;
	for (i = 0; i < a.n; i++) {
		struct sc_count *c = sc_find(&b, a.c[i].name);

		if (c)
			c->calls -= a.c[i].calls;
	}
	for (i = 0; i < b.n; i++)
		b.c[i].calls /= per;
	qsort(b.c, b.n, sizeof(b.c[0]), cmp_count);
	detail[0] = '\0';
	for (i = 0; i < b.n; i++) {
		/*
		 * Under 0.25 a call is not part of every op: start-up noise
		 * (getrandom, brk) that differs between the two runs.
		 */
		if (b.c[i].calls < 0.25)
			continue;
		total += b.c[i].calls;
		if (l < len)
			l += (size_t)snprintf(detail + l, len - l, "%s%s %.3g",
					      l ? ", " : "", b.c[i].name,
					      b.c[i].calls);
	}
	*per_op = total;
	return 0;
}

int bench_child_loop(const struct bench_target *t, const char *name, bool raw,
		     unsigned int iters)
{
	const struct bench_op *ops, *op = NULL;
	char why[256];
	void *st;
	size_t i, n;
	int ret;

	ret = t->setup(&st, true, why, sizeof(why));
	if (ret) {
		fprintf(stderr, "%s: %s\n", t->name, why);
		return 1;
	}
	n = t->get_ops(st, &ops);
	for (i = 0; i < n; i++)
		if (!strcmp(ops[i].name, name))
			op = &ops[i];
	ret = -ENOENT;
	if (op && (!raw || op->raw)) {
		for (i = 0, ret = 0; i < iters && !ret; i++)
			ret = raw ? op->raw(st) : op->lib(st);
	}
	t->teardown(st);
	if (ret)
		fprintf(stderr, "%s/%s: %s\n", t->name, name, strerror(-ret));
	return ret ? 1 : 0;
}

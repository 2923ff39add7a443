// SPDX-License-Identifier: MIT
/*
 * accel_bench - what libaccel costs over the raw kernel interface.
 *
 *   accel_bench [--short] [--json] [--targets soft,habanalabs,vgem,enum,
 *                                              ivpu,amdxdna,qaic,rocket,ethosu]
 *               [--require LIST] [--no-syscalls] [--no-allocs]
 *
 * Per operation: median and p99 time of libaccel and of the raw sequence,
 * taken in turns in the same run, their ratio, system calls per op beside
 * the raw minimum, heap allocations on submit and wait; and enumeration
 * time per device over fake sysfs trees. --short runs few iterations and
 * exits non-zero unless every figure was produced (or the machine lacks
 * the feature, which the report says); it never judges a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define MAX_RESULTS 128

static const struct bench_target *const targets[] = {
	&bench_target_soft,
	&bench_target_hl,
	&bench_target_vgem,
	&bench_target_enum,
	/* emulated NPUs on the shim */
	&bench_target_ivpu,
	&bench_target_xdna,
	&bench_target_qaic,
	&bench_target_rocket,
	&bench_target_ethosu,
};

struct opts {
	bool short_mode, json, syscalls, allocs;
	const char *targets;
	const char *require;
	unsigned int iters;	/* 0: adaptive */
};

static const struct bench_target *find_target(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		if (!strcmp(targets[i]->name, name))
			return targets[i];
	return NULL;
}

static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

static void send(int fd, const struct bench_result *r)
{
	if (write(fd, r, sizeof(*r)) != (ssize_t)sizeof(*r))
		_exit(3);
}

/* Enough iterations for about budget_ns per side, within bounds */
static unsigned int pick_iters(const struct bench_op *op, void *st,
			       const struct opts *o)
{
	int64_t t0, dt;
	unsigned int n;

	if (o->iters)
		return op->max_iters && o->iters > op->max_iters ? op->max_iters : o->iters;
	if (o->short_mode)
		return 20;
	t0 = bench_now_ns();
	if (op->lib(st) || (op->raw && op->raw(st)))
		return 100;
	dt = bench_now_ns() - t0;
	n = (unsigned int)(600000000LL / (dt > 0 ? dt : 1));
	n = n < 100 ? 100 : n > 20000 ? 20000 : n;
	return op->max_iters && n > op->max_iters ? op->max_iters : n;
}

static void worker_op(const struct bench_target *t, const struct bench_op *op,
		      void *st, const struct opts *o, const char *self, int out)
{
	struct bench_result r;
	unsigned int per = o->short_mode ? 10 : 100;
	int ret;

	memset(&r, 0, sizeof(r));
	r.kind = BENCH_OP;
	bench_copy_str(r.target, sizeof(r.target), t->name);
	bench_copy_str(r.op, sizeof(r.op), op->name);
	bench_copy_str(r.raw_desc, sizeof(r.raw_desc), op->raw_desc);
	bench_copy_str(r.unit, sizeof(r.unit), op->unit);
	r.units = op->units;
	r.raw_min_sys = op->raw_min_sys;
	r.lib_sys = r.raw_sys = -1;
	r.allocs_submit = r.allocs_wait = r.frees_submit = r.frees_wait = -1;

	bench_time_op(op, st, pick_iters(op, st, o), &r);
	if (o->syscalls && r.has_lib) {
		ret = bench_count_syscalls(self, t, op->name, false, per,
					   &r.lib_sys, r.lib_sys_detail,
					   sizeof(r.lib_sys_detail));
		if (ret)
			r.failed = true;
	}
	if (o->syscalls && r.has_raw) {
		ret = bench_count_syscalls(self, t, op->name, true, per,
					   &r.raw_sys, r.raw_sys_detail,
					   sizeof(r.raw_sys_detail));
		if (ret)
			r.failed = true;
	}
	send(out, &r);
}

/* One target, in this process: its results go to fd out */
static int worker(const struct bench_target *t, const struct opts *o, int out)
{
	const struct bench_op *ops;
	struct bench_result r;
	char self[PATH_MAX];
	ssize_t len;
	size_t i, n;
	void *st;
	int ret;

	/* preloads stay in this process, out of strace and its children */
	unsetenv("LD_PRELOAD");
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len < 0)
		return 2;
	self[len] = '\0';

	memset(&r, 0, sizeof(r));
	bench_copy_str(r.target, sizeof(r.target), t->name);
	ret = t->setup(&st, o->short_mode, r.note, sizeof(r.note));
	if (ret) {
		r.kind = BENCH_SKIPPED;
		send(out, &r);
		return 0;
	}
	n = t->get_ops(st, &ops);
	for (i = 0; i < n; i++)
		worker_op(t, &ops[i], st, o, self, out);
	if (t->count_allocs && o->allocs) {
		memset(&r, 0, sizeof(r));
		r.kind = BENCH_ALLOCS;
		bench_copy_str(r.target, sizeof(r.target), t->name);
		bench_copy_str(r.op, sizeof(r.op), "submit / wait");
		r.allocs_submit = r.allocs_wait = -1;
		r.frees_submit = r.frees_wait = -1;
		ret = t->count_allocs(st, &r);
		if (ret == -ENOSYS) {
			r.failed = true;
			bench_copy_str(r.note, sizeof(r.note),
				       "the allocation counter is not preloaded (sanitizer build?)");
		} else if (ret) {
			r.failed = true;
			snprintf(r.note, sizeof(r.note), "%s", strerror(-ret));
		}
		send(out, &r);
	}
	t->teardown(st);
	return 0;
}

/* Run one target's worker with the preloads it needs; collect its records */
static int spawn(const struct bench_target *t, const struct opts *o,
		 struct bench_result *res, size_t *nres)
{
	char fdstr[16], iters[16], preload[8192] = "";
	const char *argv[16];
	int p[2], status, i = 0;
	const char *shim = getenv("ACCEL_BENCH_SHIM");
	struct bench_result r;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		int fd = dup(p[1]);	/* without O_CLOEXEC */

		if (t->needs_shim && shim && *shim) {
			snprintf(preload, sizeof(preload), "%s", shim);
			setenv("ACCEL_BENCH_PRELOAD", shim, 1);
			/* read by the shim as it loads: see bench_hl.c */
			setenv("ACCEL_SHIM_DEVICES", t->shim_devices ?
			       t->shim_devices : "gaudi2,gaudi2,gaudi2", 1);
		}
#ifdef BENCH_MALLOC_LIB
		if (o->allocs)
			snprintf(preload + strlen(preload),
				 sizeof(preload) - strlen(preload), "%s%s",
				 preload[0] ? ":" : "", BENCH_MALLOC_LIB);
#endif
		if (preload[0])
			setenv("LD_PRELOAD", preload, 1);
		snprintf(fdstr, sizeof(fdstr), "%d", fd);
		snprintf(iters, sizeof(iters), "%u", o->iters);
		argv[i++] = "accel_bench";
		argv[i++] = "--worker";
		argv[i++] = t->name;
		argv[i++] = "--out-fd";
		argv[i++] = fdstr;
		argv[i++] = "--iters";
		argv[i++] = iters;
		if (o->short_mode)
			argv[i++] = "--short";
		if (!o->syscalls)
			argv[i++] = "--no-syscalls";
		if (!o->allocs)
			argv[i++] = "--no-allocs";
		argv[i] = NULL;
		execv("/proc/self/exe", (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	while (read(p[0], &r, sizeof(r)) == (ssize_t)sizeof(r))
		if (*nres < MAX_RESULTS)
			res[(*nres)++] = r;
	close(p[0]);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "accel_bench: the %s worker failed (status %#x)\n",
			t->name, status);
		return -ECHILD;
	}
	return 0;
}

/* --short: every figure there, or missing for a reason the report gives */
static int check_complete(const struct bench_result *r, size_t n,
			  const struct opts *o)
{
	int bad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct bench_result *x = &r[i];
		const char *why = NULL;

		if (x->kind == BENCH_SKIPPED) {
			if (o->require && in_list(o->require, x->target))
				why = "required target skipped";
		} else if (x->failed) {
			why = "an operation failed";
		} else if (x->kind == BENCH_ALLOCS) {
			if (x->allocs_submit < 0 || x->allocs_wait < 0)
				why = "no allocation counts";
		} else if (x->unsupported) {
			continue;
		} else if (!x->has_lib) {
			why = "no libaccel time";
		} else if (x->raw_min_sys >= 0 && !x->has_raw) {
			why = "no raw time";
		} else if (o->syscalls &&
			   (x->lib_sys < 0 || (x->has_raw && x->raw_sys < 0))) {
			why = "no system call count";
		}
		if (why) {
			fprintf(stderr, "accel_bench: %s %s: %s%s%s\n", x->target,
				x->op, why, x->note[0] ? ": " : "", x->note);
			bad++;
		}
	}
	if (o->require) {
		for (const char *p = o->require; p && *p;
		     p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
			bool seen = false;

			for (i = 0; i < n; i++)
				if (!strncmp(p, r[i].target, strlen(r[i].target)) &&
				    (p[strlen(r[i].target)] == ',' ||
				     !p[strlen(r[i].target)]))
					seen = true;
			if (!seen) {
				fprintf(stderr, "accel_bench: required target %.*s did not report\n",
					(int)strcspn(p, ","), p);
				bad++;
			}
		}
	}
	return bad;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: accel_bench [--short] [--json] [--targets LIST] [--require LIST]\n"
		"                   [--iters N] [--no-syscalls] [--no-allocs]\n"
		"targets: soft, habanalabs (needs ACCEL_BENCH_SHIM), vgem, enum;\n"
		"         ivpu, amdxdna, qaic, rocket, ethosu (need ACCEL_BENCH_SHIM)\n");
}

int main(int argc, char **argv)
{
	static struct bench_result res[MAX_RESULTS];
	static const struct option lopts[] = {
		{ "short", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "targets", required_argument, NULL, 't' },
		{ "require", required_argument, NULL, 'r' },
		{ "iters", required_argument, NULL, 'i' },
		{ "no-syscalls", no_argument, NULL, 'S' },
		{ "no-allocs", no_argument, NULL, 'A' },
		{ "worker", required_argument, NULL, 'W' },
		{ "out-fd", required_argument, NULL, 'o' },
		{ "count", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .syscalls = true, .allocs = true,
			  .targets = "soft,habanalabs,vgem,enum,"
				     "ivpu,amdxdna,qaic,rocket,ethosu" };
	const char *worker_name = NULL, *count_name = NULL;
	int c, out_fd = -1, failed = 0;
	size_t nres = 0, i;

	while ((c = getopt_long(argc, argv, "sjt:r:i:h", lopts, NULL)) != -1) {
		switch (c) {
		case 's': o.short_mode = true; break;
		case 'j': o.json = true; break;
		case 't': o.targets = optarg; break;
		case 'r': o.require = optarg; break;
		case 'i': o.iters = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'S': o.syscalls = false; break;
		case 'A': o.allocs = false; break;
		case 'W': worker_name = optarg; break;
		case 'o': out_fd = atoi(optarg); break;
		case 'C': count_name = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}

	if (count_name) {
		/* --count TARGET OP lib|raw N: under strace, from a worker */
		const struct bench_target *t = find_target(count_name);

		if (!t || argc - optind != 3)
			return 2;
		return bench_child_loop(t, argv[optind],
					!strcmp(argv[optind + 1], "raw"),
					(unsigned int)strtoul(argv[optind + 2], NULL, 0));
	}
	if (worker_name) {
		const struct bench_target *t = find_target(worker_name);

		if (!t || out_fd < 0)
			return 2;
		return worker(t, &o, out_fd);
	}

	if (o.syscalls && !bench_strace_available()) {
		fprintf(stderr, "accel_bench: strace is not installed: system calls are not counted (--no-syscalls to say so)\n");
		o.syscalls = false;
		failed += o.short_mode;
	}
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		if (!in_list(o.targets, targets[i]->name))
			continue;
		if (!o.json)
			fprintf(stderr, "accel_bench: running %s...\n", targets[i]->name);
		if (spawn(targets[i], &o, res, &nres))
			failed++;
	}
	if (o.json)
		bench_print_json(res, nres, o.short_mode);
	else
		bench_print_table(res, nres, o.short_mode);
	if (o.short_mode)
		failed += check_complete(res, nres, &o);
	return failed ? 1 : 0;
}

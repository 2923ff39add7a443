/* SPDX-License-Identifier: MIT */
/*
 * accel_bench: what libaccel costs over the raw kernel interface.
 *
 * A target (soft, habanalabs on the shim, vgem, enumeration) is a set of
 * operations, each with a libaccel implementation and, where one exists, a
 * raw implementation doing the same work straight on the kernel (or, for
 * the soft device, on memfd/memcpy/eventfd). Each target runs in a worker
 * process of its own, because libaccel loads its providers once per
 * process and the shim must be preloaded; workers send their results back
 * as fixed-size records over a pipe.
 */
#ifndef ACCEL_BENCH_H
#define ACCEL_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BENCH_MAX_OPS 24

struct bench_stat {
	double median_ns;
	double p99_ns;
	uint32_t samples;
};

enum bench_kind {
	BENCH_OP = 0,		/* a timed operation */
	BENCH_ALLOCS,		/* heap allocations on submit and wait */
	BENCH_SKIPPED,		/* the target cannot run here: note says why */
};

/* One line of the report. Negative numbers mean "not measured". */
struct bench_result {
	int kind;		/* enum bench_kind */
	bool unsupported;	/* a figure is missing because this machine
				 * lacks the feature (EOPNOTSUPP), not a bug */
	bool failed;
	char target[16];
	char op[32];
	char raw_desc[96];	/* what the raw sequence does */
	char note[192];		/* why a figure is missing, or a caveat */
	bool has_lib, has_raw;
	struct bench_stat lib, raw;
	double units;		/* bytes or devices per op, 0 if none */
	char unit[8];		/* "B", "dev" */
	double lib_sys, raw_sys;	/* system calls per op */
	int raw_min_sys;		/* fewest the raw sequence can do */
	char lib_sys_detail[192], raw_sys_detail[192];
	double allocs_submit, allocs_wait;	/* heap allocations per call */
	double frees_submit, frees_wait;
};

struct bench_op {
	const char *name;
	const char *raw_desc;
	/* system calls the raw sequence cannot do without; -1: no raw */
	int raw_min_sys;
	/* one iteration; 0 or -errno */
	int (*lib)(void *st);
	int (*raw)(void *st);
	/* bytes or devices an iteration handles, for per-unit figures */
	double units;
	const char *unit;
	/* 0, or the most iterations the op can take (an emulator's limit) */
	unsigned int max_iters;
};

struct bench_target {
	const char *name;
	const char *desc;
	/* 0, or -errno with why[] saying why the target cannot run here */
	int (*setup)(void **st, bool short_mode, char *why, size_t len);
	void (*teardown)(void *st);
	/* the ops; may depend on the state (e.g. enumeration sizes) */
	size_t (*get_ops)(void *st, const struct bench_op **ops);
	/* optional: heap allocations on the submit and wait paths */
	int (*count_allocs)(void *st, struct bench_result *r);
	/* ask for the worker to run with the shim preloaded */
	bool needs_shim;
	/* ACCEL_SHIM_DEVICES for the worker; NULL: three Gaudi2s */
	const char *shim_devices;
};

extern const struct bench_target bench_target_soft;
extern const struct bench_target bench_target_hl;
extern const struct bench_target bench_target_vgem;
extern const struct bench_target bench_target_enum;
/* emulated NPUs on the shim (bench_npu.h) */
extern const struct bench_target bench_target_ivpu;
extern const struct bench_target bench_target_xdna;
extern const struct bench_target bench_target_qaic;
extern const struct bench_target bench_target_rocket;
extern const struct bench_target bench_target_ethosu;

/* bench_util.c */
int64_t bench_now_ns(void);
int bench_time_op(const struct bench_op *op, void *st, unsigned int iters,
		  struct bench_result *r);
void bench_copy_str(char *dst, size_t len, const char *src);
/* snprintf for paths: -ENAMETOOLONG when the text did not fit */
int bench_fmt(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* a private temp dir holding only the named providers' .driver files */
int bench_config_dir(const char *const *providers, char *out, size_t len);
int bench_rm_tree(const char *path);
/* ioctl, again on EINTR and EAGAIN: its value, or -errno */
int bench_ioctl(int fd, unsigned long req, void *arg);
/* a function of a loaded library (a provider's dv library), or of any
 * object of the process (the shim) when lib is NULL */
void *bench_sym(const char *lib, const char *sym);
void bench_add_op(struct bench_op *ops, size_t *nops, const char *name,
		  const char *raw_desc, int raw_min, int (*lib)(void *),
		  int (*raw)(void *));
/* where fake trees go: tmpfs (/dev/shm) when there is one, like sysfs */
const char *bench_tmpdir(void);
int bench_write_file(const char *path, const char *text);

/* bench_allocs.c: the counting interposer, if this process has it */
bool bench_allocs_available(void);
void bench_allocs_begin(void);
void bench_allocs_end(uint64_t *allocs, uint64_t *frees);
/* one side's submission and its wait, counted apart */
struct bench_sw {
	int (*submit)(void *st, uint64_t *seq);
	int (*wait)(void *st, uint64_t seq);
};
/*
 * Heap allocations per call in rounds of lib's submit and wait, into r;
 * with raw, its rounds too, given in r's note ("raw <raw_names> through
 * the same shim": the shim runs inside both sides).
 */
int bench_count_sw_allocs(void *st, const struct bench_sw *lib,
			  const struct bench_sw *raw, const char *raw_names,
			  struct bench_result *r);

/* bench_syscalls.c: counts with strace, running this program again */
bool bench_strace_available(void);
int bench_count_syscalls(const char *self, const struct bench_target *t,
			 const char *op, bool raw, unsigned int per,
			 double *per_op, char *detail, size_t len);
int bench_child_loop(const struct bench_target *t, const char *op, bool raw,
		     unsigned int iters);

/* bench_report.c */
void bench_print_table(const struct bench_result *r, size_t n, bool short_mode);
void bench_print_json(const struct bench_result *r, size_t n, bool short_mode);

#endif /* ACCEL_BENCH_H */

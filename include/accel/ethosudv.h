/* SPDX-License-Identifier: MIT */
/*
 * ethosudv.h - direct extensions of the ethosu provider (Arm Ethos-U65 and
 * Ethos-U85 NPUs, kernel driver "ethosu"). Link with -laccel_ethosu for
 * ethosudv_query_npu_info(); the rest is inline. See ethosudv(3).
 *
 * What the generic API cannot say for ethosu:
 * - the NPU's ID and CONFIG registers and its SRAM (DEV_QUERY);
 * - command streams are BOs the kernel creates from data and validates
 *   (CMDSTREAM_BO_CREATE): accel_bo_alloc_ex() with usage COMMAND and
 *   initial contents, or ethosudv_cmdstream_alloc(); they cannot be mapped;
 * - a job binds BOs to numbered regions 0..7 (accel_bo_ref.slot is the
 *   region), and SRAM to region 2 when sram_size is not 0.
 *
 * Completion: the kernel fences only the BOs of the regions the command
 * stream writes (its parse of the stream decides: DMA destinations, OFMs).
 * The provider waits on one of them, so a job that binds no written region
 * to a BO is refused (-EINVAL): there would be nothing to wait on.
 */
#ifndef ACCEL_ETHOSUDV_H
#define ACCEL_ETHOSUDV_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <accel/accel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* DRM_ETHOSU_DEV_QUERY_NPU_INFO */
struct ethosudv_npu_info {
	uint32_t id;		/* the NPU's ID register */
	uint32_t config;	/* its CONFIG register */
	uint32_t sram_size;	/* bytes of SRAM, 0: none */
	uint32_t reserved;
};

/* fields of id (the kernel's DRM_ETHOSU_* macros) */
#define ETHOSUDV_ARCH_MAJOR(id)		((id) >> 28)	/* 1: U65, 2: U85 */
#define ETHOSUDV_ARCH_MINOR(id)		(((id) >> 20) & 0xff)
#define ETHOSUDV_ARCH_PATCH(id)		(((id) >> 16) & 0xf)
#define ETHOSUDV_PRODUCT_MAJOR(id)	(((id) >> 12) & 0xf)
#define ETHOSUDV_VERSION_MAJOR(id)	(((id) >> 8) & 0xf)	/* rN */
#define ETHOSUDV_VERSION_MINOR(id)	(((id) >> 4) & 0xff)	/* pN */
#define ETHOSUDV_VERSION_STATUS(id)	((id) & 0xf)
/* fields of config, as ethosu_init() prints them */
#define ETHOSUDV_CONFIG_MACS_PER_CC(config)	(1u << ((config) & 0xf))
#define ETHOSUDV_CONFIG_CMD_STREAM_VERSION(config) (((config) >> 4) & 0xf)

/*
 * DEV_QUERY the NPU info of an ethosu context. Extensible: pass
 * sizeof(*info); fields the library does not know are zeroed.
 * 0, or -EINVAL (NULL, info_size too small), -ESTALE (ctx not live),
 * -EOPNOTSUPP (ctx of another provider), or the kernel's errno.
 */
int ethosudv_query_npu_info(struct accel_context *ctx,
			    struct ethosudv_npu_info *info, size_t info_size);

/* accel_mem_domain ids of the provider */
#define ETHOSUDV_DOMAIN_CMA		0	/* BO_CREATE: contiguous, mappable */
#define ETHOSUDV_DOMAIN_CMDSTREAM	1	/* command streams, initial contents only */
/* listed when the NPU has SRAM; not allocatable (ethosudv_submit_sram) */
#define ETHOSUDV_DOMAIN_SRAM		2
/* BO_CREATE with DRM_ETHOSU_BO_NO_MMAP: contiguous, exportable, never mapped */
#define ETHOSUDV_DOMAIN_CMA_NOMAP	3

#define ETHOSUDV_MAX_REGIONS	8
#define ETHOSUDV_SRAM_REGION	2

/*
 * A command stream BO made by the kernel from size bytes at data, which
 * it validates (EINVAL when it refuses the stream; the provider's reason
 * names the structural fault when it sees one).
 */
static inline struct accel_bo *ethosudv_cmdstream_alloc(struct accel_context *ctx,
							const void *data,
							uint32_t size)
{
	struct accel_bo_alloc_args a;

	memset(&a, 0, sizeof(a));
	a.comp_mask = ACCEL_BO_ALLOC_DOMAIN | ACCEL_BO_ALLOC_INIT;
	a.size = size;
	a.domain = ETHOSUDV_DOMAIN_CMDSTREAM;
	a.usage = ACCEL_BO_USAGE_COMMAND;
	a.init_data = data;
	a.init_size = size;
	return accel_bo_alloc_ex(ctx, &a, sizeof(a));
}

/* accel_submit_ext.type of struct ethosudv_submit_sram ("EUSR") */
#define ETHOSUDV_SUBMIT_EXT_SRAM 0x45555352u

/* Chained from accel_submit.ext: the job uses sram_size bytes of SRAM */
struct ethosudv_submit_sram {
	struct accel_submit_ext ext;	/* type ETHOSUDV_SUBMIT_EXT_SRAM */
	uint32_t sram_size;		/* <= ethosudv_npu_info.sram_size */
	uint32_t reserved;		/* 0 */
};

/*
 * Submit cmdstream on queue with regions[i] bound to region i (NULL: none)
 * and sram_size bytes of SRAM (region 2 must then be NULL). The regions
 * are listed read-write for the core's bookkeeping.
 */
static inline int ethosudv_submit(struct accel_queue *queue, struct accel_bo *cmdstream,
				  struct accel_bo *const regions[ETHOSUDV_MAX_REGIONS],
				  uint32_t sram_size, uint64_t *seqno)
{
	struct accel_bo_ref refs[ETHOSUDV_MAX_REGIONS];
	struct ethosudv_submit_sram x;
	struct accel_submit s;
	uint32_t i, n = 0;

	memset(&x, 0, sizeof(x));
	memset(&s, 0, sizeof(s));
	for (i = 0; regions && i < ETHOSUDV_MAX_REGIONS; i++) {
		if (!regions[i])
			continue;
		refs[n].bo = regions[i];
		refs[n].access = ACCEL_ACCESS_RW;
		refs[n++].slot = i;
	}
	x.ext.type = ETHOSUDV_SUBMIT_EXT_SRAM;
	x.ext.size = sizeof(x);
	x.sram_size = sram_size;
	s.cmd_bo = cmdstream;
	s.cmd_size = cmdstream ? accel_bo_size(cmdstream) : 0;
	s.bos = refs;
	s.num_bos = n;
	s.ext = &x.ext;
	return accel_submit(queue, &s, seqno);
}

/* accel_submit_ext.type of struct ethosudv_submit_jobs ("EUJB") */
#define ETHOSUDV_SUBMIT_EXT_JOBS 0x45554a42u

/* One job of a multi-job submission */
struct ethosudv_job {
	struct accel_bo *cmdstream;	/* a command stream BO */
	struct accel_bo *regions[ETHOSUDV_MAX_REGIONS];	/* region i, NULL: none */
	uint32_t sram_size;		/* as ethosudv_submit_sram's */
	uint32_t reserved;		/* 0 */
};

/*
 * Chained from accel_submit.ext (alone: not with ethosudv_submit_sram):
 * one DRM_IOCTL_ETHOSU_SUBMIT of num_jobs jobs that run in order. The
 * accel_submit's cmd_bo may be NULL; every BO a job uses (command stream
 * and regions) must be cmd_bo or in bos (slot 0), so the core holds it
 * until the submission retires. Completion is that of the last job with
 * an output region bound to a BO.
 */
struct ethosudv_submit_jobs {
	struct accel_submit_ext ext;	/* type ETHOSUDV_SUBMIT_EXT_JOBS */
	const struct ethosudv_job *jobs;
	uint32_t num_jobs;		/* 1.. */
	uint32_t reserved;		/* 0 */
};

/*
 * Submit num_jobs jobs on queue as one submission. Every distinct BO of
 * the jobs is listed read-write (at most 8 per job and 64 in all, else
 * -E2BIG).
 */
static inline int ethosudv_submit_jobs(struct accel_queue *queue,
				       const struct ethosudv_job *jobs,
				       uint32_t num_jobs, uint64_t *seqno)
{
	struct accel_bo_ref refs[64];
	struct ethosudv_submit_jobs x;
	struct accel_submit s;
	uint32_t i, j, k, n = 0;

	memset(&x, 0, sizeof(x));
	memset(&s, 0, sizeof(s));
	for (i = 0; jobs && i < num_jobs; i++) {
		for (j = 0; j <= ETHOSUDV_MAX_REGIONS; j++) {
			struct accel_bo *bo = j < ETHOSUDV_MAX_REGIONS ?
					      jobs[i].regions[j] : jobs[i].cmdstream;

			if (!bo)
				continue;
			for (k = 0; k < n && refs[k].bo != bo; k++)
				;
			if (k < n)
				continue;
			if (n == sizeof(refs) / sizeof(refs[0]))
				return -E2BIG;
			refs[n].bo = bo;
			refs[n].access = ACCEL_ACCESS_RW;
			refs[n++].slot = 0;
		}
	}
	x.ext.type = ETHOSUDV_SUBMIT_EXT_JOBS;
	x.ext.size = sizeof(x);
	x.jobs = jobs;
	x.num_jobs = num_jobs;
	s.bos = refs;
	s.num_bos = n;
	s.ext = &x.ext;
	return accel_submit(queue, &s, seqno);
}

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_ETHOSUDV_H */

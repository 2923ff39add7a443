/* SPDX-License-Identifier: MIT */
/*
 * amdxdna backend internals (drivers/accel/amdxdna of Linux 7.2, AIE2).
 */
#ifndef ACCEL_SHIM_XDNA_INTERNAL_H
#define ACCEL_SHIM_XDNA_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <uapi/drm/amdxdna_accel.h>

#include "accel_shim_xdna.h"
#include "shim.h"
#include "shim_gem.h"

#define XDNA_DRV "amdxdna"
#define XDNA_DEVM_BASE 0x4000000ull		/* AIE2_DEVM_BASE */
#define XDNA_DEVM_SIZE (64ull << 20)		/* AIE2_DEVM_SIZE: heap granule */
#define XDNA_DEVM_MAX_SIZE (512ull << 20)	/* AIE2_DEVM_MAX_SIZE */
#define XDNA_DEV_ALIGN (32ull << 10)		/* dev_mem_buf_shift 15 */
#define XDNA_MAX_CMDS 4				/* HWCTX_MAX_CMDS */
#define XDNA_MAX_ARGS 4095			/* MAX_ARG_COUNT */
#define XDNA_MAX_HWCTX_ID 255			/* MAX_HWCTX_ID */
#define XDNA_CMDBUF_SIZE 4096			/* MAX_CHAIN_CMDBUF_SIZE */
#define XDNA_MAX_CUS 32				/* MAX_NUM_CUS */
#define XDNA_MAX_HEAPS (XDNA_DEVM_MAX_SIZE / XDNA_DEVM_SIZE)
#define XDNA_INVALID_ADDR (~0ull)

/* ERT (amdxdna_ctx.h) */
#define ERT_START_CU 0u
#define ERT_CMD_CHAIN 19u
#define ERT_START_NPU 20u
#define ERT_START_NPU_PREEMPT 21u
#define ERT_START_NPU_PREEMPT_ELF 22u
enum {
	ERT_STATE_NEW = 1,
	ERT_STATE_COMPLETED = 4,
	ERT_STATE_ERROR = 5,
	ERT_STATE_ABORT = 6,
	ERT_STATE_TIMEOUT = 8,
};

struct xdna_tile_md {
	uint16_t row_count, row_start, dma_channel_count, lock_count, event_reg_count;
};

struct xdna_model {
	const char *name;
	uint16_t device_id;
	uint8_t revision;
	const char *vbnv;
	int32_t device_type;		/* enum amdxdna_device_type */
	uint32_t fw[4];			/* major minor sub build */
	uint32_t aie_major, aie_minor;
	uint16_t cols, rows;
	uint32_t col_size;
	struct xdna_tile_md core, mem, shim;
	uint32_t first_col;
	bool col_align_nature;
	uint32_t hwctx_limit;
	uint32_t npuclk_mhz, hclk_mhz, hclk_max;
	uint64_t tops_max;
};

struct xdna_client;

/* per GEM object (obj->priv): amdxdna_gem_obj's fields */
struct xdna_bo {
	struct shim_gem_object *obj;
	uint32_t type;			/* enum amdxdna_bo_type */
	bool internal;			/* counted as internal usage */
	bool private_buffer;		/* made from a VA table: no export */
	uint64_t uva;			/* first user mapping, or invalid */
	uint64_t dev_addr;		/* DEV_HEAP: its device address */
	uint64_t mm_start;		/* DEV: start in the heap range */
	uint32_t heap_start_id, heap_end_id;
	struct xdna_client *client;	/* DEV and heap: the owner (referenced) */
	uint32_t assigned_hwctx;	/* debug BO */
	bool counted;			/* in the client's BO usage */
	bool heap_held;			/* DEV: its node and heap references */
	struct xdna_bo *next;		/* all of them, for mmap lookup */
};

/* a range taken in the client's DEV heap range (drm_mm node) */
struct xdna_node {
	uint64_t start, size;
	struct xdna_node *next;		/* sorted by start */
};

struct xdna_job {
	struct xdna_hwctx *hwctx;
	uint64_t seq;
	uint64_t stamp;			/* device-wide submission order */
	struct shim_fence *fence;
	struct shim_gem_object *cmd;	/* NULL for a driver command */
	struct shim_gem_object **bos;
	uint32_t nbos;
	struct xdna_job *next;
};

struct xdna_hwctx {
	uint32_t id;
	uint32_t fw_ctx_id;
	struct xdna_client *client;
	struct amdxdna_qos_info qos;
	uint32_t num_tiles, num_col, start_col, max_opc, mem_size;
	struct amdxdna_hwctx_param_config_cu *cus;	/* NULL until CONFIG_CU */
	uint64_t cu_addr[XDNA_MAX_CUS];	/* each CU's PDI (device address) */
	uint32_t syncobj_hdl;
	struct shim_syncobj *syncobj;
	uint64_t seq;			/* priv->seq, from 0 */
	uint64_t completed;
	uint32_t inflight;		/* job_sem */
	struct xdna_job *jobs, **jobs_tail;	/* held, oldest first */
	struct xdna_node *cmd_buf[XDNA_MAX_CMDS];
	int sleepers;			/* EXEC_CMDs asleep on job_sem */
	bool dead;
	struct xdna_hwctx *next;
};

struct xdna_client {
	struct shim_file *f;		/* NULL once the file is released */
	struct shim_device *dev;
	int refs;
	int64_t pid;
	struct xdna_hwctx *hwctxs;
	uint32_t next_hwctxid;
	struct xdna_bo *heaps[XDNA_MAX_HEAPS];
	uint32_t nheap;
	uint64_t total_heap_size;
	struct xdna_node *nodes;
	uint64_t heap_usage, total_bo_usage, total_int_bo_usage;
	struct xdna_client *next;
};

/* the device's emulated state (per shim device) */
struct xdna_dev {
	const struct xdna_model *m;
	uint8_t power_mode;
	uint8_t force_preempt, frame_boundary_preempt;
	uint32_t hwctx_num;		/* contexts in use, all clients */
	uint32_t next_fw_ctx;
	enum shim_xdna_mode mode;
	struct amdxdna_async_error last_err;
};

extern struct xdna_client *xdna_clients;
extern struct xdna_bo *xdna_bos;

struct xdna_dev *xdna_dev_of(struct shim_device *d);
void xdna_client_put(struct xdna_client *c);

/* shim_xdna_bo.c */
struct xdna_bo *xdna_bo_of(struct shim_gem_object *obj);
uint64_t xdna_bo_dev_addr(struct xdna_bo *bo);
/* CPU address of the device's view of [addr, addr + len) of bo, or NULL */
void *xdna_bo_kva(struct xdna_bo *bo, uint64_t off, uint64_t len);
int xdna_heap_alloc(struct xdna_client *c, uint64_t size, struct xdna_node **out);
void xdna_heap_free(struct xdna_client *c, struct xdna_node *n);
int xdna_create_bo(struct shim_file *f, void *arg);
int xdna_get_bo_info(struct shim_file *f, void *arg);
int xdna_sync_bo(struct shim_file *f, void *arg);
int xdna_mmap(struct shim_file *f, void *addr, size_t len, int prot, int flags,
	      uint64_t offset, void **out);
int xdna_prime_import(struct shim_file *f, struct shim_gem_object *obj);
void xdna_bo_usage(struct shim_device *d, int64_t pid, struct amdxdna_drm_bo_usage *u);

/* shim_xdna_ctx.c */
int xdna_create_hwctx(struct shim_file *f, void *arg);
int xdna_destroy_hwctx(struct shim_file *f, void *arg);
int xdna_config_hwctx(struct shim_file *f, void *arg);
int xdna_exec_cmd(struct shim_file *f, void *arg);
int xdna_wait_cmd(struct shim_file *f, void *arg);
void xdna_hwctx_remove_all(struct xdna_client *c);
int xdna_sync_debug_bo(struct xdna_client *c, uint32_t handle);
struct xdna_hwctx *xdna_hwctx_find(struct xdna_client *c, uint32_t id);

#endif /* ACCEL_SHIM_XDNA_INTERNAL_H */

/* SPDX-License-Identifier: MIT */
/*
 * hldv - the habanalabs "direct" extensions of libaccel (Gaudi, Gaudi2),
 * for what the generic API cannot hold: the hardware IP description, DRAM
 * usage and device status (also through the control node, so a busy
 * device can still be described), host memory mapped into the device
 * address space, command buffers, multi-chunk submission and sub-range
 * dma-buf export. Link with -lhldv. See hldv(3).
 *
 * Errors follow libaccel: pointer-returning calls return NULL and set
 * errno; int calls return 0 (or a new fd) or a negative errno. Calls on an
 * object of another provider answer -EOPNOTSUPP (NULL, errno EOPNOTSUPP).
 */
#ifndef ACCEL_HLDV_H
#define ACCEL_HLDV_H

#include <stddef.h>
#include <stdint.h>

#include <accel/accel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* enum hl_device_status of the kernel */
enum hldv_device_status {
	HLDV_STATUS_OPERATIONAL = 0,
	HLDV_STATUS_IN_RESET = 1,
	HLDV_STATUS_MALFUNCTION = 2,
	HLDV_STATUS_NEEDS_RESET = 3,
	HLDV_STATUS_IN_DEVICE_CREATION = 4,
	HLDV_STATUS_IN_RESET_AFTER_DEVICE_RELEASE = 5,
};

/*
 * The device as HL_INFO describes it. Extensible: pass sizeof(info); the
 * fields the library does not know are zeroed.
 */
struct hldv_device_info {
	uint32_t device_id;		/* PCI device id: 0x1020 Gaudi2 */
	uint32_t revision_id;
	uint32_t module_id;
	uint32_t status;		/* enum hldv_device_status */
	char card_name[16];
	char cpucp_version[128];	/* firmware */
	uint64_t dram_base_address;	/* a device VA where DRAM is virtual */
	uint64_t dram_size;		/* what the user can allocate */
	uint64_t dram_page_size;	/* allocation granule */
	uint64_t dram_free;		/* HL_INFO_DRAM_USAGE */
	uint64_t dram_used_by_ctx;	/* 0 through the control node */
	uint64_t sram_base_address;
	uint32_t sram_size;
	uint32_t security_enabled;
	uint64_t tpc_enabled_mask;
	uint32_t decoder_enabled_mask;
	uint32_t edma_enabled_mask;
	uint64_t open_counter;		/* successful compute opens */
	uint32_t compute_ctx_active;	/* some process holds the device */
	uint32_t hard_reset_count;
	uint32_t soft_reset_count;
	uint32_t server_type;
};

/*
 * Describe a device without opening its compute node: through
 * accel_controlDN, which any number of processes may open while one holds
 * the compute node. Works while the device is busy or in reset.
 */
int hldv_device_query(const struct accel_device *dev,
		      struct hldv_device_info *info, size_t info_size);
/* the same through an open context (dram_used_by_ctx filled) */
int hldv_query_device(struct accel_context *ctx,
		      struct hldv_device_info *info, size_t info_size);
/* HL_INFO_DEVICE_STATUS: enum hldv_device_status, or a negative errno */
int hldv_device_status(struct accel_context *ctx);
/*
 * Raw HL_INFO: opcode op (HL_INFO_* of habanalabs_accel.h), answer of at
 * most len bytes into buf, arg the opcode's argument (dcore, period...).
 */
int hldv_info(struct accel_context *ctx, uint32_t op, uint32_t arg,
	      void *buf, uint32_t len);

/*
 * Map host memory [addr, addr + size) into the device address space
 * (HL_MEM_OP_MAP with HL_MEM_USERPTR). The memory stays the caller's: it
 * must stay mapped until the BO is freed. accel_bo_map() answers addr.
 * Not exportable as a dma-buf (the kernel exports device memory only).
 */
struct accel_bo *hldv_bo_from_host(struct accel_context *ctx, void *addr,
				   uint64_t size);

/*
 * A command buffer: kernel memory (HL_CB_OP_CREATE) mapped into the device
 * MMU and into the process; size at most 2 MiB - 32. accel_bo_map() answers
 * its CPU address; accel_bo_device_addr() its device VA. The same as
 * accel_bo_alloc_ex() with usage ACCEL_BO_USAGE_COMMAND.
 */
struct accel_bo *hldv_cb_alloc(struct accel_context *ctx, uint32_t size);
/* the kernel's handle of a command buffer BO (0 for other BOs) */
uint64_t hldv_cb_handle(const struct accel_bo *bo);

/*
 * Export [offset, offset + size) of a device-memory BO as a dma-buf;
 * offset and size in 4 KiB pages. flags: O_CLOEXEC, O_RDWR.
 */
int hldv_bo_export_dmabuf(struct accel_bo *bo, uint64_t offset,
			  uint64_t size, uint32_t flags);

/*
 * Engine classes of accel_query_engines() on Gaudi2 (accel_queue_attr.
 * engine). Each engine has four H/W queues (streams); instance i of a
 * class is stream i % 4 of the (i / 4)-th engine that HW_IP_INFO's
 * enabled masks leave usable, in H/W queue order, so every instance below
 * accel_engine_info.count can take work. Decoders have no H/W queue and
 * NIC queues belong to the NIC driver: neither is listed.
 */
enum hldv_engine {
	HLDV_ENGINE_PDMA = 0,	/* 2 PCI DMA engines; the default queue */
	HLDV_ENGINE_EDMA = 1,	/* edma_enabled_mask */
	HLDV_ENGINE_MME = 2,	/* one per DCORE */
	HLDV_ENGINE_TPC = 3,	/* tpc_enabled_mask_ext */
	HLDV_ENGINE_ROT = 4,	/* rotator_enabled_mask */
};

/*
 * The job status of a failed CS (accel_job_status()): provider_status is
 * HL_WAIT_CS's out.status (HL_WAIT_CS_STATUS_TIMEDOUT when the device timed
 * the CS out, _ABORTED when a reset or an MMU fault aborted it) in bits
 * 0-31 and its out.flags in bits 32-63; device_error is the kernel's errno
 * (-ETIMEDOUT, -EIO).
 */
#define HLDV_JOB_WAIT_STATUS(provider_status) ((uint32_t)(provider_status))
#define HLDV_JOB_WAIT_FLAGS(provider_status) ((uint32_t)((provider_status) >> 32))

/* one job of a command submission */
struct hldv_cs_chunk {
	struct accel_bo *cb;		/* a BO with a device address */
	uint64_t offset;		/* bytes into cb */
	uint32_t size;			/* bytes of commands */
	uint32_t queue_index;		/* H/W queue, e.g. GAUDI2_QUEUE_ID_* */
};

/* accel_submit_ext.type of struct hldv_submit_chunks ("HLCS") */
#define HLDV_SUBMIT_EXT_CHUNKS 0x484c4353u

/*
 * Chained from accel_submit.ext: the CS is these chunks (1..512) instead
 * of cmd_bo, which must be NULL. Every chunk's cb must also be listed in
 * accel_submit.bos, so that it is held until the CS retires.
 * hldv_submit() builds this for you.
 */
struct hldv_submit_chunks {
	struct accel_submit_ext ext;	/* type HLDV_SUBMIT_EXT_CHUNKS */
	const struct hldv_cs_chunk *chunks;
	uint32_t num;
	uint32_t reserved;
};

/*
 * Submit num chunks (1..512) as one command submission (HL_IOCTL_CS)
 * through accel_submit() on queue: *seqno receives the queue's next
 * seqno, which accel_wait() on that queue takes, and every chunk's CB is
 * held until the CS retires. The chunks may aim at any H/W queue; the
 * CS completes as one. -EAGAIN: 64 submissions in flight on the context;
 * wait for one and retry.
 */
int hldv_submit(struct accel_queue *queue, const struct hldv_cs_chunk *chunks,
		uint32_t num, uint64_t *seqno);

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_HLDV_H */

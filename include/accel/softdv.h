/* SPDX-License-Identifier: MIT */
/*
 * softdv.h - the command format of the soft device (provider "soft").
 *
 * The soft device is libaccel's userspace reference device. Its queues
 * execute a stream of commands read from a command buffer BO
 * (struct accel_submit: cmd_bo, cmd_offset, cmd_size). Commands refer to
 * memory by device address (accel_bo_device_addr()), and may touch only
 * the command BO and the BOs the submission lists, as their access
 * (ACCEL_ACCESS_READ / WRITE) allows. The full
 * specification, with every rule the submit-time validator applies, is
 * accel_soft(7).
 *
 * Layout: a command is a struct softdv_cmd_header followed by its payload.
 * Every command is a multiple of 8 bytes and starts 8-byte aligned
 * relative to the start of the stream. All fields are in host byte order.
 * Reserved fields and header flags must be 0.
 */
#ifndef ACCEL_SOFTDV_H
#define ACCEL_SOFTDV_H

#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the command format; the device reports it as fw_version. */
#define SOFTDV_CMD_VERSION 1

enum softdv_opcode {
	SOFTDV_OP_NOP = 0x00,		/* any size >= 8: padding */
	SOFTDV_OP_COPY = 0x01,		/* copy; the ranges must not overlap */
	SOFTDV_OP_FILL = 0x02,		/* fill with a 32-bit pattern */
	SOFTDV_OP_WRITE_VALUE = 0x03,	/* store a 64-bit value */
	SOFTDV_OP_WAIT_VALUE = 0x04,	/* wait for a 64-bit value */
	SOFTDV_OP_TIMESTAMP = 0x05,	/* store CLOCK_MONOTONIC ns */
};

struct softdv_cmd_header {
	uint16_t opcode;	/* enum softdv_opcode */
	uint16_t size;		/* bytes of the command, header included */
	uint32_t flags;		/* 0 */
};

/* Copy size bytes; the ranges must not overlap. */
struct softdv_cmd_copy {
	struct softdv_cmd_header hdr;	/* size 32 */
	uint64_t dst;
	uint64_t src;
	uint64_t size;			/* > 0 */
};

/* Fill size bytes at dst with pattern; dst and size multiples of 4. */
struct softdv_cmd_fill {
	struct softdv_cmd_header hdr;	/* size 32 */
	uint64_t dst;
	uint64_t size;			/* > 0 */
	uint32_t pattern;
	uint32_t reserved;
};

/*
 * Store value at dst (8-byte aligned) with release ordering: everything
 * the queue wrote before is visible to whoever sees the value.
 */
struct softdv_cmd_write_value {
	struct softdv_cmd_header hdr;	/* size 24 */
	uint64_t dst;
	uint64_t value;
};

enum softdv_wait_cmp {
	SOFTDV_WAIT_EQ = 0,	/* (*addr & mask) == value */
	SOFTDV_WAIT_NEQ = 1,	/* (*addr & mask) != value */
	SOFTDV_WAIT_GTE = 2,	/* (*addr & mask) >= value, unsigned */
	SOFTDV_WAIT_LT = 3,	/* (*addr & mask) <  value, unsigned */
};

/*
 * Stall the queue until the 64-bit word at addr (8-byte aligned)
 * satisfies cmp. timeout_ns 0 waits until satisfied or until the queue
 * is destroyed or its context closed (the job fails, device_error
 * -ECANCELED); otherwise the job fails with device_error -ETIME after
 * timeout_ns. A failed job still completes its seqno: accel_wait() on it
 * returns -EIO and accel_job_status() gives device_error and a reason.
 */
struct softdv_cmd_wait_value {
	struct softdv_cmd_header hdr;	/* size 48 */
	uint64_t addr;
	uint64_t value;
	uint64_t mask;
	uint32_t cmp;			/* enum softdv_wait_cmp */
	uint32_t reserved;
	uint64_t timeout_ns;
};

/* Store the CLOCK_MONOTONIC time in ns at dst (8-byte aligned). */
struct softdv_cmd_timestamp {
	struct softdv_cmd_header hdr;	/* size 16 */
	uint64_t dst;
};

/* Limits the validator applies */
#define SOFTDV_MAX_CMD_SIZE (4u << 20)	/* bytes per submit */
#define SOFTDV_MAX_BO_SIZE (1ull << 40)	/* 1 TiB */

/*
 * Emitters: write one command at p and return the byte count, so a
 * stream is built with "off += softdv_emit_...(buf + off, ...)".
 * p needs no alignment (the commands are copied in with memcpy).
 */
static inline uint32_t softdv_emit_nop(void *p)
{
	struct softdv_cmd_header c = { SOFTDV_OP_NOP, sizeof(c), 0 };

	memcpy(p, &c, sizeof(c));
	return sizeof(c);
}

static inline uint32_t softdv_emit_copy(void *p, uint64_t dst, uint64_t src,
					uint64_t size)
{
	struct softdv_cmd_copy c = {
		{ SOFTDV_OP_COPY, sizeof(c), 0 }, dst, src, size
	};

	memcpy(p, &c, sizeof(c));
	return sizeof(c);
}

static inline uint32_t softdv_emit_fill(void *p, uint64_t dst, uint64_t size,
					uint32_t pattern)
{
	struct softdv_cmd_fill c = {
		{ SOFTDV_OP_FILL, sizeof(c), 0 }, dst, size, pattern, 0
	};

	memcpy(p, &c, sizeof(c));
	return sizeof(c);
}

static inline uint32_t softdv_emit_write_value(void *p, uint64_t dst,
					       uint64_t value)
{
	struct softdv_cmd_write_value c = {
		{ SOFTDV_OP_WRITE_VALUE, sizeof(c), 0 }, dst, value
	};

	memcpy(p, &c, sizeof(c));
	return sizeof(c);
}

static inline uint32_t softdv_emit_wait_value(void *p, uint64_t addr,
					      uint64_t value, uint64_t mask,
					      uint32_t cmp, uint64_t timeout_ns)
{
	struct softdv_cmd_wait_value c = {
		{ SOFTDV_OP_WAIT_VALUE, sizeof(c), 0 },
		addr, value, mask, cmp, 0, timeout_ns
	};

	memcpy(p, &c, sizeof(c));
	return sizeof(c);
}

static inline uint32_t softdv_emit_timestamp(void *p, uint64_t dst)
{
	struct softdv_cmd_timestamp c = {
		{ SOFTDV_OP_TIMESTAMP, sizeof(c), 0 }, dst
	};

	memcpy(p, &c, sizeof(c));
	return sizeof(c);
}

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_SOFTDV_H */

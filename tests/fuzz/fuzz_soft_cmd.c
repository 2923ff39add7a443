// SPDX-License-Identifier: MIT
/*
 * The soft command stream against a model of its documented format
 * (accel_soft(7), softdv.h): soft_cmd_parse() must accept a stream exactly
 * when the model does, and running what it accepted must change the BOs
 * exactly as the model's reading of the commands says, and nothing else.
 *
 * Input: byte 0 gives the access of the three BOs of the submission
 * (2 bits each: READ, WRITE) and bit 6 makes the last one a read-only
 * import; the rest is the command stream.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soft.h"

#define NBOS 3
static const uint64_t bo_addr[NBOS] = { 0x1000, 0x3000, 0x6000 };
static const uint64_t bo_size[NBOS] = { 0x1000, 0x2000, 0x1000 };

struct model_bo {
	uint64_t addr, size;
	uint32_t access;
	bool readonly;
};

/* the BO holding all of [a, a + len), or -1 */
static int model_find(const struct model_bo *b, uint64_t a, uint64_t len)
{
	int i;

	for (i = 0; i < NBOS; i++)
		if (a >= b[i].addr && a - b[i].addr < b[i].size &&
		    len <= b[i].size - (a - b[i].addr))
			return i;
	return -1;
}

static bool model_ok(const struct model_bo *b, uint64_t a, uint64_t len,
		     bool write)
{
	int i;

	if (!len || a + len < a)
		return false;
	i = model_find(b, a, len);
	if (i < 0)
		return false;
	if (write)
		return (b[i].access & ACCEL_ACCESS_WRITE) && !b[i].readonly;
	return b[i].access & ACCEL_ACCESS_READ;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint8_t *host(uint8_t **mem, const struct model_bo *b, uint64_t a)
{
	int i = model_find(b, a, 1);

	return mem[i] + (a - b[i].addr);
}

/*
 * The format, read from the documentation: true when the stream is
 * valid; then its effects are applied to mem, and any marks the bytes
 * whose value is a timestamp's (written, or copied from one).
 */
static bool model_run(const uint8_t *s, size_t n, const struct model_bo *b,
		      uint8_t **mem, uint8_t **any)
{
	size_t off = 0;

	if (n % 8 || n > SOFTDV_MAX_CMD_SIZE)
		return false;
	/* validate everything first: a bad stream runs nothing */
	for (int pass = 0; pass < 2; pass++) {
		for (off = 0; off < n;) {
			uint16_t op, size;
			uint32_t flags;

			if (n - off < 8)
				return false;
			memcpy(&op, s + off, 2);
			memcpy(&size, s + off + 2, 2);
			memcpy(&flags, s + off + 4, 4);
			if (flags || size < 8 || size % 8 || size > n - off)
				return false;
			const uint8_t *c = s + off;

			switch (op) {
			case SOFTDV_OP_NOP:
				break;
			case SOFTDV_OP_COPY: {
				uint64_t dst, src, len;

				if (size != 32)
					return false;
				dst = rd64(c + 8);
				src = rd64(c + 16);
				len = rd64(c + 24);
				if (dst + len < dst || src + len < src ||
				    (dst < src + len && src < dst + len) ||
				    !model_ok(b, src, len, false) || !model_ok(b, dst, len, true))
					return false;
				/* a copied timestamp is as unknown where it lands */
				if (pass) {
					memmove(host(mem, b, dst), host(mem, b, src), len);
					memmove(host(any, b, dst), host(any, b, src), len);
				}
				break;
			}
			case SOFTDV_OP_FILL: {
				uint64_t dst, len;
				uint32_t pat;

				if (size != 32)
					return false;
				dst = rd64(c + 8);
				len = rd64(c + 16);
				pat = rd32(c + 24);
				if (rd32(c + 28) || (dst | len) & 3 ||
				    !model_ok(b, dst, len, true))
					return false;
				for (uint64_t i = 0; pass && i < len; i += 4) {
					memcpy(host(mem, b, dst + i), &pat, 4);
					memset(host(any, b, dst + i), 0, 4);
				}
				break;
			}
			case SOFTDV_OP_WRITE_VALUE: {
				uint64_t dst;

				if (size != 24)
					return false;
				dst = rd64(c + 8);
				if (dst & 7 || !model_ok(b, dst, 8, true))
					return false;
				if (pass) {
					memcpy(host(mem, b, dst), c + 16, 8);
					memset(host(any, b, dst), 0, 8);
				}
				break;
			}
			case SOFTDV_OP_WAIT_VALUE: {
				uint64_t a;

				if (size != 48)
					return false;
				a = rd64(c + 8);
				if (rd32(c + 36) || a & 7 ||
				    rd32(c + 32) > SOFTDV_WAIT_LT || !model_ok(b, a, 8, false))
					return false;
				break;	/* not run here: it would wait */
			}
			case SOFTDV_OP_TIMESTAMP: {
				uint64_t dst;

				if (size != 16)
					return false;
				dst = rd64(c + 8);
				if (dst & 7 || !model_ok(b, dst, 8, true))
					return false;
				if (pass)
					memset(host(any, b, dst), 1, 8);
				break;
			}
			default:
				return false;
			}
			off += size;
		}
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct soft_bo bo[NBOS];
	struct soft_job_bo jb[NBOS];
	struct model_bo mb[NBOS];
	uint8_t *mem[NBOS], *shadow[NBOS], *any[NBOS];
	struct soft_op *ops = NULL;
	uint32_t ops_cap = 0, nops = 0, i;
	const uint8_t *stream;
	size_t n;
	bool want;
	int ret;

	if (!size)
		return 0;
	stream = data + 1;
	n = size - 1;
	memset(bo, 0, sizeof(bo));
	for (i = 0; i < NBOS; i++) {
		mem[i] = malloc(bo_size[i]);
		shadow[i] = malloc(bo_size[i]);
		any[i] = calloc(1, bo_size[i]);
		for (uint64_t k = 0; k < bo_size[i]; k++)
			mem[i][k] = (uint8_t)(k * 7 + i);
		memcpy(shadow[i], mem[i], bo_size[i]);
		bo[i].base.device_addr = bo_addr[i];
		bo[i].base.size = bo_size[i];
		bo[i].mem = mem[i];
		bo[i].readonly = i == NBOS - 1 && (data[0] & 0x40);
		jb[i].bo = &bo[i];
		jb[i].access = (data[0] >> (2 * i)) & 3;
		mb[i] = (struct model_bo){ bo_addr[i], bo_size[i], jb[i].access,
					   bo[i].readonly };
	}

	want = model_run(stream, n, mb, shadow, any);
	ret = soft_cmd_parse(stream, n, jb, NBOS, &ops, &ops_cap, &nops);
	if (!!ret == want) {
		fprintf(stderr, "parser %s a stream the format %s\n",
			ret ? "refused" : "accepted", want ? "allows" : "forbids");
		abort();
	}
	for (i = 0; !ret && i < nops; i++)
		if (ops[i].opcode != SOFTDV_OP_WAIT_VALUE)
			soft_cmd_run(NULL, &ops[i], NULL, 0);
	for (i = 0; !ret && i < NBOS; i++)
		for (uint64_t k = 0; k < bo_size[i]; k++)
			if (!any[i][k] && mem[i][k] != shadow[i][k]) {
				fprintf(stderr, "BO %u byte %#llx: %#x, the commands say %#x\n",
					i, (unsigned long long)k, mem[i][k], shadow[i][k]);
				abort();
			}
	for (i = 0; i < NBOS; i++) {
		free(mem[i]);
		free(shadow[i]);
		free(any[i]);
	}
	free(ops);
	return 0;
}

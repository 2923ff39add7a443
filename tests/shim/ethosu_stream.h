/* SPDX-License-Identifier: MIT */
/*
 * Ethos-U command streams for the ethosu tests: 32- and 64-bit commands
 * (enum ethosu_cmds of the kernel's ethosu_device.h) and a DMA copy.
 */
#ifndef ETHOSU_STREAM_H
#define ETHOSU_STREAM_H

#include <stdint.h>

#define EU_OP_STOP		0x0
#define EU_OP_RESIZE		0x7
#define EU_OP_DMA_START		0x10
#define EU_SET_DMA0_SRC_REGION	0x130
#define EU_SET_DMA0_DST_REGION	0x131
#define EU_SET_DMA0_SRC		0x4030
#define EU_SET_DMA0_DST		0x4031
#define EU_SET_DMA0_LEN		0x4032

struct eu_stream {
	uint32_t w[64];
	uint32_t n;
};

static inline void eu_cmd(struct eu_stream *s, uint16_t cmd, uint16_t param)
{
	s->w[s->n++] = cmd | (uint32_t)param << 16;
}

/* a 64-bit command: address bits 32..39 in the first word's param */
static inline void eu_cmd64(struct eu_stream *s, uint16_t cmd, uint64_t addr)
{
	s->w[s->n++] = cmd | (uint32_t)((addr >> 32) & 0xff) << 16;
	s->w[s->n++] = (uint32_t)addr;
}

/* copy len bytes from (src region, src offset) to (dst region, dst offset) */
static inline void eu_dma(struct eu_stream *s, int src, uint64_t soff, int dst,
			  uint64_t doff, uint64_t len)
{
	eu_cmd(s, EU_SET_DMA0_SRC_REGION, (uint16_t)src);	/* mode 0 */
	eu_cmd(s, EU_SET_DMA0_DST_REGION, (uint16_t)dst);
	eu_cmd64(s, EU_SET_DMA0_SRC, soff);
	eu_cmd64(s, EU_SET_DMA0_DST, doff);
	eu_cmd64(s, EU_SET_DMA0_LEN, len);
	eu_cmd(s, EU_OP_DMA_START, 0);
}

static inline uint32_t eu_stop(struct eu_stream *s)
{
	eu_cmd(s, EU_OP_STOP, 0);
	return s->n * 4;
}

#endif /* ETHOSU_STREAM_H */

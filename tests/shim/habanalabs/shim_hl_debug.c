// SPDX-License-Identifier: MIT
/*
 * habanalabs coresight configuration (DEBUG ETR/ETF/STM/FUNNEL/BMON/SPMU/
 * TIMESTAMP in debug mode), after common/habanalabs_ioctl.c
 * (debug_coresight) and gaudi2/gaudi2_coresight.c of Linux 7.2: the unit
 * index ranges (139 STMs, 141 ETFs and funnels, 385 bus monitors, 137
 * SPMUs), the input each enable needs, ETF/ETR's "already in that state"
 * short cut, the ETR buffer's address ranges, the SPMU's counter limits,
 * and what a disable reads back (ETR: its write pointer; SPMU: its
 * counters). No trace is captured: the ETR's write pointer stays at the
 * buffer's start and the SPMU's counters read 0. Every unit of the
 * tables is taken as present (the kernel skips entries it has no
 * registers for, answering 0, which the shim answers too).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shim_hl.h"

#define G2_NUM_STM	139
#define G2_NUM_ETF	141
#define G2_NUM_FUNNEL	141
#define G2_NUM_BMON	385
#define G2_NUM_SPMU	137
#define SPMU_MAX_COUNTERS 6

/* hl_debug_struct_size[]: how much input each op copies */
static size_t input_size(uint32_t op)
{
	switch (op) {
	case HL_DEBUG_OP_ETR:
		return sizeof(struct hl_debug_params_etr);
	case HL_DEBUG_OP_ETF:
		return sizeof(struct hl_debug_params_etf);
	case HL_DEBUG_OP_STM:
		return sizeof(struct hl_debug_params_stm);
	case HL_DEBUG_OP_BMON:
		return sizeof(struct hl_debug_params_bmon);
	case HL_DEBUG_OP_SPMU:
		return sizeof(struct hl_debug_params_spmu);
	default:
		return 0;	/* FUNNEL, TIMESTAMP */
	}
}

static bool inside(uint64_t a, uint64_t size, uint64_t start, uint64_t end)
{
	return a >= start && a + size <= end && a + size > a;
}

/* gaudi2_etr_validate_address(): the PMMU ranges, the DMMU, or SRAM */
static bool etr_address_ok(const struct hl_model *m, uint64_t a, uint64_t size)
{
	if (a > a + size)
		return false;
	return inside(a, size, m->host_va_start, m->host_va_end) ||
	       inside(a, size, m->host_hpage_va_start, m->host_hpage_va_end) ||
	       inside(a, size, hl_dmmu_start(m), hl_dmmu_end(m)) ||
	       inside(a, size, m->sram_base, m->sram_base + m->sram_size);
}

static int config(struct hl_ctx *ctx, const struct hl_debug_args *a, const void *input,
		  uint64_t *output, size_t out_words)
{
	struct hl_coresight *cs = &ctx->coresight;

	switch (a->op) {
	case HL_DEBUG_OP_STM:
		if (a->reg_idx >= G2_NUM_STM)
			return -EINVAL;
		if (a->enable && !input)
			return -EINVAL;
		return 0;
	case HL_DEBUG_OP_ETF:
		if (a->reg_idx >= G2_NUM_ETF)
			return -EINVAL;
		/* already in the state asked for: nothing to do */
		if (!!a->enable == !!(cs->etf[a->reg_idx / 8] & (1u << (a->reg_idx % 8))))
			return 0;
		if (a->enable && !input)
			return -EINVAL;
		cs->etf[a->reg_idx / 8] ^= (uint8_t)(1u << (a->reg_idx % 8));
		return 0;
	case HL_DEBUG_OP_ETR: {
		const struct hl_debug_params_etr *in = input;

		if (!!a->enable == cs->etr_on)
			return 0;
		if (a->enable) {
			if (!in || !in->buffer_size)
				return -EINVAL;
			if (!etr_address_ok(ctx->m, in->buffer_address, in->buffer_size))
				return -EINVAL;
			cs->etr_on = true;
			cs->etr_buffer = in->buffer_address;
			return 0;
		}
		cs->etr_on = false;
		/* the write pointer: nothing was traced */
		if (out_words >= 1)
			output[0] = cs->etr_buffer;
		return 0;
	}
	case HL_DEBUG_OP_FUNNEL:
		return a->reg_idx >= G2_NUM_FUNNEL ? -EINVAL : 0;
	case HL_DEBUG_OP_BMON:
		if (a->reg_idx >= G2_NUM_BMON)
			return -EINVAL;
		if (a->enable && !input)
			return -EINVAL;
		return 0;
	case HL_DEBUG_OP_SPMU: {
		const struct hl_debug_params_spmu *in = input;

		if (a->reg_idx >= G2_NUM_SPMU)
			return -EINVAL;
		if (a->enable) {
			if (!in)
				return -EINVAL;
			if (in->event_types_num > SPMU_MAX_COUNTERS)
				return -EINVAL;
			return 0;
		}
		/* the counters, the overflow flags and the cycle counter */
		if (output && out_words > 2 && out_words - 2 > SPMU_MAX_COUNTERS)
			return -EINVAL;
		return 0;
	}
	case HL_DEBUG_OP_TIMESTAMP:
	default:
		return 0;	/* deprecated: nothing to do */
	}
}

/* debug_coresight() */
int hl_debug_coresight(struct hl_ctx *ctx, struct hl_debug_args *a)
{
	size_t in_size = input_size(a->op);
	void *input = NULL;
	uint64_t *output = NULL;
	int ret;

	if (a->input_size < in_size)
		in_size = a->input_size;	/* min(input_size, struct size) */
	if (a->input_ptr && in_size) {
		input = calloc(1, input_size(a->op));
		if (!input)
			return -ENOMEM;
		if (shim_copy_from_user(input, a->input_ptr, in_size)) {
			free(input);
			return -EFAULT;
		}
	}
	if (a->output_ptr && a->output_size) {
		output = calloc(1, a->output_size + sizeof(uint64_t));
		if (!output) {
			free(input);
			return -ENOMEM;
		}
	}
	ret = config(ctx, a, input, output, output ? a->output_size / sizeof(uint64_t) : 0);
	if (!ret && output && shim_copy_to_user(a->output_ptr, output, a->output_size))
		ret = -EFAULT;
	free(input);
	free(output);
	return ret;
}

/* gaudi2_halt_coresight(): leaving debug mode disables the ETFs and ETR */
void hl_debug_halt(struct hl_ctx *ctx)
{
	memset(ctx->coresight.etf, 0, sizeof(ctx->coresight.etf));
	ctx->coresight.etr_on = false;
}

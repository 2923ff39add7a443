// SPDX-License-Identifier: MIT
/*
 * The ethosu command stream validator, ported from ethosu_gem.c of Linux
 * 7.2 (GPL-2.0-only or MIT): ethosu_gem_cmdstream_copy_and_validate() and
 * its helpers, statement for statement, so the emulator accepts and
 * refuses what the kernel does and computes the same region sizes and
 * output regions. The user's words are read at once; a word that could
 * not be read answers EFAULT when the parse reaches it, as get_user() does.
 * A 64-bit command in the last word makes the kernel read the word after
 * the stream (then EINVAL, or EFAULT if that word is not readable), so one
 * word more is read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "shim_ethosu.h"

#define U16_MAX 0xffffu
#define U32_MAX 0xffffffffu
#define U64_MAX UINT64_MAX

enum ethosu_cmds {
	NPU_OP_STOP = 0x0,
	NPU_OP_CONV = 0x2,
	NPU_OP_DEPTHWISE = 0x3,
	NPU_OP_POOL = 0x5,
	NPU_OP_ELEMENTWISE = 0x6,
	NPU_OP_RESIZE = 0x7,
	NPU_OP_DMA_START = 0x10,
	NPU_SET_IFM_PAD_TOP = 0x100,
	NPU_SET_IFM_PAD_LEFT = 0x101,
	NPU_SET_IFM_PAD_RIGHT = 0x102,
	NPU_SET_IFM_PAD_BOTTOM = 0x103,
	NPU_SET_IFM_DEPTH_M1 = 0x104,
	NPU_SET_IFM_PRECISION = 0x105,
	NPU_SET_IFM_BROADCAST = 0x108,
	NPU_SET_IFM_WIDTH0_M1 = 0x10a,
	NPU_SET_IFM_HEIGHT0_M1 = 0x10b,
	NPU_SET_IFM_HEIGHT1_M1 = 0x10c,
	NPU_SET_IFM_REGION = 0x10f,
	NPU_SET_OFM_WIDTH_M1 = 0x111,
	NPU_SET_OFM_HEIGHT_M1 = 0x112,
	NPU_SET_OFM_DEPTH_M1 = 0x113,
	NPU_SET_OFM_PRECISION = 0x114,
	NPU_SET_OFM_WIDTH0_M1 = 0x11a,
	NPU_SET_OFM_HEIGHT0_M1 = 0x11b,
	NPU_SET_OFM_HEIGHT1_M1 = 0x11c,
	NPU_SET_OFM_REGION = 0x11f,
	NPU_SET_KERNEL_WIDTH_M1 = 0x120,
	NPU_SET_KERNEL_HEIGHT_M1 = 0x121,
	NPU_SET_KERNEL_STRIDE = 0x122,
	NPU_SET_WEIGHT_REGION = 0x128,
	NPU_SET_SCALE_REGION = 0x129,
	NPU_SET_DMA0_SRC_REGION = 0x130,
	NPU_SET_DMA0_DST_REGION = 0x131,
	NPU_SET_DMA0_SIZE0 = 0x132,
	NPU_SET_DMA0_SIZE1 = 0x133,
	NPU_SET_IFM2_BROADCAST = 0x180,
	NPU_SET_IFM2_PRECISION = 0x185,
	NPU_SET_IFM2_WIDTH0_M1 = 0x18a,
	NPU_SET_IFM2_HEIGHT0_M1 = 0x18b,
	NPU_SET_IFM2_HEIGHT1_M1 = 0x18c,
	NPU_SET_IFM2_REGION = 0x18f,
	NPU_SET_IFM_BASE0 = 0x4000,
	NPU_SET_IFM_BASE1 = 0x4001,
	NPU_SET_IFM_BASE2 = 0x4002,
	NPU_SET_IFM_BASE3 = 0x4003,
	NPU_SET_IFM_STRIDE_X = 0x4004,
	NPU_SET_IFM_STRIDE_Y = 0x4005,
	NPU_SET_IFM_STRIDE_C = 0x4006,
	NPU_SET_OFM_BASE0 = 0x4010,
	NPU_SET_OFM_BASE1 = 0x4011,
	NPU_SET_OFM_BASE2 = 0x4012,
	NPU_SET_OFM_BASE3 = 0x4013,
	NPU_SET_OFM_STRIDE_X = 0x4014,
	NPU_SET_OFM_STRIDE_Y = 0x4015,
	NPU_SET_OFM_STRIDE_C = 0x4016,
	NPU_SET_WEIGHT_BASE = 0x4020,
	NPU_SET_WEIGHT_LENGTH = 0x4021,
	NPU_SET_SCALE_BASE = 0x4022,
	NPU_SET_SCALE_LENGTH = 0x4023,
	NPU_SET_DMA0_SRC = 0x4030,
	NPU_SET_DMA0_DST = 0x4031,
	NPU_SET_DMA0_LEN = 0x4032,
	NPU_SET_DMA0_SRC_STRIDE0 = 0x4033,
	NPU_SET_DMA0_SRC_STRIDE1 = 0x4034,
	NPU_SET_DMA0_DST_STRIDE0 = 0x4035,
	NPU_SET_DMA0_DST_STRIDE1 = 0x4036,
	NPU_SET_IFM2_BASE0 = 0x4080,
	NPU_SET_IFM2_BASE1 = 0x4081,
	NPU_SET_IFM2_BASE2 = 0x4082,
	NPU_SET_IFM2_BASE3 = 0x4083,
	NPU_SET_IFM2_STRIDE_X = 0x4084,
	NPU_SET_IFM2_STRIDE_Y = 0x4085,
	NPU_SET_IFM2_STRIDE_C = 0x4086,
	NPU_SET_WEIGHT1_BASE = 0x4090,
	NPU_SET_WEIGHT1_LENGTH = 0x4091,
	NPU_SET_SCALE1_BASE = 0x4092,		/* NPU_SET_WEIGHT2_BASE on U85 */
	NPU_SET_SCALE1_LENGTH = 0x4093,		/* NPU_SET_WEIGHT2_LENGTH */
	NPU_SET_WEIGHT3_BASE = 0x4094,
	NPU_SET_WEIGHT3_LENGTH = 0x4095,
};

struct dma {
	int8_t region;
	uint64_t len;
	uint64_t offset;
	int64_t stride[2];
};

struct dma_state {
	uint16_t size0;
	uint16_t size1;
	int8_t mode;
	struct dma src;
	struct dma dst;
};

struct buffer {
	uint64_t base;
	uint32_t length;
	int8_t region;
};

struct feat_matrix {
	uint64_t base[4];
	int64_t stride_x;
	int64_t stride_y;
	int64_t stride_c;
	int8_t region;
	uint8_t broadcast;
	uint16_t stride_kernel;
	uint16_t precision;
	uint16_t depth;
	uint16_t width;
	uint16_t width0;
	uint16_t height[3];
	uint8_t pad_top;
	uint8_t pad_left;
	uint8_t pad_bottom;
	uint8_t pad_right;
};

struct cmd_state {
	struct dma_state dma;
	struct buffer scale[2];
	struct buffer weight[4];
	struct feat_matrix ofm;
	struct feat_matrix ifm;
	struct feat_matrix ifm2;
};

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static uint64_t cmd_to_addr(const uint32_t *cmd)
{
	return (((uint64_t)cmd[0] & 0xff0000) << 16) | cmd[1];
}

static uint64_t dma_length(struct eu_cmdstream_info *info, struct dma_state *dma_st,
			   struct dma *dma)
{
	int8_t mode = dma_st->mode;
	uint64_t len = dma->len;

	if (len == U64_MAX)
		return U64_MAX;
	if (mode >= 1) {
		if (dma->stride[0] < 0 && (uint64_t)(-dma->stride[0]) > len)
			return U64_MAX;
		len += (uint64_t)dma->stride[0];
		if (__builtin_mul_overflow(len, (uint64_t)dma_st->size0, &len))
			return U64_MAX;
	}
	if (mode == 2) {
		if (dma->stride[1] < 0 && (uint64_t)(-dma->stride[1]) > len)
			return U64_MAX;
		len += (uint64_t)dma->stride[1];
		if (__builtin_mul_overflow(len, (uint64_t)dma_st->size1, &len))
			return U64_MAX;
	}
	if (dma->region >= 0) {
		uint64_t end;

		if (__builtin_add_overflow(len, dma->offset, &end))
			return U64_MAX;
		info->region_size[dma->region] = max_u64(info->region_size[dma->region], end);
	}
	return len;
}

static bool feat_matrix_chained(bool u65, const struct feat_matrix *fm)
{
	uint32_t storage = fm->precision >> 14;

	return !u65 && storage == 2;
}

static uint64_t feat_matrix_length(bool u65, struct eu_cmdstream_info *info,
				   struct feat_matrix *fm, uint32_t x, uint32_t y,
				   uint32_t c, bool ofm)
{
	uint32_t element_size, storage = u65 ? 0 : fm->precision >> 14;
	int tile = 0;
	uint64_t addr;

	if (fm->region < 0)
		return U64_MAX;
	if (feat_matrix_chained(u65, fm))
		return 0;
	switch (storage) {
	case 0:
		if (x >= (uint32_t)fm->width0 + 1) {
			x -= fm->width0 + 1;
			tile += 1;
		}
		if (y >= (uint32_t)fm->height[tile] + 1) {
			y -= fm->height[tile] + 1;
			tile += 2;
		}
		break;
	case 1:
		if (y >= (uint32_t)fm->height[1] + 1) {
			y -= fm->height[1] + 1;
			tile = 2;
		} else if (y >= (uint32_t)fm->height[0] + 1) {
			y -= fm->height[0] + 1;
			tile = 1;
		}
		break;
	default:
		return U64_MAX;
	}
	if (fm->base[tile] == U64_MAX)
		return U64_MAX;
	addr = fm->base[tile] + y * (uint64_t)fm->stride_y;
	switch ((fm->precision >> 6) & 0x3) {
	case 0:	/* nhwc */
		element_size = 1u << ((fm->precision >> (ofm ? 1 : 2)) & 0x3);
		addr += x * (uint64_t)fm->stride_x + c * element_size;
		break;
	case 1:	/* nhcwb16 */
		element_size = 1u << ((fm->precision >> (ofm ? 1 : 2)) & 0x3);
		addr += (c / 16) * (uint64_t)fm->stride_c + (16 * x + (c & 0xf)) * element_size;
		break;
	}
	info->region_size[fm->region] = max_u64(info->region_size[fm->region], addr + 1);
	return addr;
}

static int calc_sizes(bool u65, struct eu_cmdstream_info *info, struct cmd_state *st,
		      bool ifm, bool ifm2, bool weight, bool scale)
{
	uint64_t len;

	if (ifm) {
		if (st->ifm.stride_kernel == U16_MAX)
			return -EINVAL;
		uint32_t stride_y = ((st->ifm.stride_kernel >> 8) & 0x2) +
				    ((st->ifm.stride_kernel >> 1) & 0x1) + 1;
		uint32_t stride_x = ((st->ifm.stride_kernel >> 5) & 0x2) +
				    (st->ifm.stride_kernel & 0x1) + 1;
		/* the kernel computes these in u32 and converts to s32 */
		int32_t ifm_height = (int32_t)(st->ofm.height[2] * stride_y +
					       st->ifm.height[2] -
					       (uint32_t)(st->ifm.pad_top + st->ifm.pad_bottom));
		int32_t ifm_width = (int32_t)(st->ofm.width * stride_x + st->ifm.width -
					      (uint32_t)(st->ifm.pad_left + st->ifm.pad_right));

		if (ifm_height < 0 || ifm_width < 0)
			return -EINVAL;
		len = feat_matrix_length(u65, info, &st->ifm, (uint32_t)ifm_width,
					 (uint32_t)ifm_height, st->ifm.depth, false);
		if (len == U64_MAX)
			return -EINVAL;
	}
	if (ifm2) {
		len = feat_matrix_length(u65, info, &st->ifm2, st->ifm.depth, 0,
					 st->ofm.depth, false);
		if (len == U64_MAX)
			return -EINVAL;
	}
	if (weight) {
		if (st->weight[0].region < 0 || st->weight[0].base == U64_MAX ||
		    st->weight[0].length == U32_MAX)
			return -EINVAL;
		info->region_size[st->weight[0].region] =
			max_u64(info->region_size[st->weight[0].region],
				st->weight[0].base + st->weight[0].length);
	}
	if (scale) {
		if (st->scale[0].region < 0 || st->scale[0].base == U64_MAX ||
		    st->scale[0].length == U32_MAX)
			return -EINVAL;
		info->region_size[st->scale[0].region] =
			max_u64(info->region_size[st->scale[0].region],
				st->scale[0].base + st->scale[0].length);
	}
	len = feat_matrix_length(u65, info, &st->ofm, st->ofm.width, st->ofm.height[2],
				 st->ofm.depth, true);
	if (len == U64_MAX)
		return -EINVAL;
	if (!feat_matrix_chained(u65, &st->ofm))
		info->output_region[st->ofm.region] = true;
	return 0;
}

static int calc_sizes_elemwise(bool u65, struct eu_cmdstream_info *info,
			       struct cmd_state *st, bool ifm, bool ifm2)
{
	uint32_t height, width, depth;
	uint64_t len;

	if (ifm) {
		height = st->ifm.broadcast & 0x1 ? 0 : st->ofm.height[2];
		width = st->ifm.broadcast & 0x2 ? 0 : st->ofm.width;
		depth = st->ifm.broadcast & 0x4 ? 0 : st->ofm.depth;
		len = feat_matrix_length(u65, info, &st->ifm, width, height, depth, false);
		if (len == U64_MAX)
			return -EINVAL;
	}
	if (ifm2) {
		height = st->ifm2.broadcast & 0x1 ? 0 : st->ofm.height[2];
		width = st->ifm2.broadcast & 0x2 ? 0 : st->ofm.width;
		depth = st->ifm2.broadcast & 0x4 ? 0 : st->ofm.depth;
		len = feat_matrix_length(u65, info, &st->ifm2, width, height, depth, false);
		if (len == U64_MAX)
			return -EINVAL;
	}
	len = feat_matrix_length(u65, info, &st->ofm, st->ofm.width, st->ofm.height[2],
				 st->ofm.depth, true);
	if (len == U64_MAX)
		return -EINVAL;
	if (!feat_matrix_chained(u65, &st->ofm))
		info->output_region[st->ofm.region] = true;
	return 0;
}

/* one word of the user's stream, or -EFAULT where the read stopped */
static int get_word(const uint32_t *words, uint32_t readable, uint32_t i, uint32_t *out)
{
	if (i >= readable)
		return -EFAULT;
	*out = words[i];
	return 0;
}

/* the parse proper; words[0..readable) are the user's words */
static int validate(bool u65, const uint32_t *words, uint32_t readable,
		    uint32_t *bocmds, uint32_t size, struct eu_cmdstream_info *info)
{
	bool ends_with_stop = false;
	uint32_t next = 0;	/* the user's word get_user() reads next */
	struct cmd_state st;
	int i, ret;

	memset(info, 0, sizeof(*info));
	info->cmd_size = size;
	memset(&st, 0xff, sizeof(st));	/* cmd_state_init() */

	for (i = 0; i < (int)(size / 4); i++) {
		bool use_ifm, use_ifm2, use_scale;
		uint64_t dstlen, srclen, addr = 0;
		uint16_t cmd, param;
		uint32_t cmds[2] = { 0, 0 };

		if (get_word(words, readable, next++, &cmds[0]))
			return -EFAULT;
		bocmds[i] = cmds[0];
		cmd = (uint16_t)cmds[0];
		param = (uint16_t)(cmds[0] >> 16);
		if (cmd & 0x4000) {
			if (get_word(words, readable, next++, &cmds[1]))
				return -EFAULT;
			i++;
			if (i >= (int)(size / 4))
				return -EINVAL;
			bocmds[i] = cmds[1];
			addr = cmd_to_addr(cmds);
		}

		switch (cmd) {
		case NPU_OP_STOP:
			if (i != (int)(size / 4) - 1)
				return -EINVAL;
			ends_with_stop = true;
			break;
		case NPU_OP_DMA_START:
			srclen = dma_length(info, &st.dma, &st.dma.src);
			dstlen = dma_length(info, &st.dma, &st.dma.dst);
			if (srclen == U64_MAX || dstlen == U64_MAX)
				return -EINVAL;
			if (st.dma.dst.region >= 0)
				info->output_region[st.dma.dst.region] = true;
			break;
		case NPU_OP_CONV:
		case NPU_OP_DEPTHWISE:
			use_ifm2 = param & 0x1;
			use_scale = !(st.ofm.precision & 0x100);
			ret = calc_sizes(u65, info, &st, true, use_ifm2, !use_ifm2, use_scale);
			if (ret)
				return ret;
			break;
		case NPU_OP_POOL:
			use_ifm = param != 0x4;
			use_scale = !(st.ofm.precision & 0x100);
			ret = calc_sizes(u65, info, &st, use_ifm, false, false, use_scale);
			if (ret)
				return ret;
			break;
		case NPU_OP_ELEMENTWISE:
			use_scale = u65 ? (st.ifm2.broadcast & 0x80) : (st.ifm2.broadcast == 8);
			use_ifm2 = !(use_scale || (param == 5) || (param == 6) || (param == 7) ||
				     (param == 0x24));
			use_ifm = st.ifm.broadcast != 8;
			ret = calc_sizes_elemwise(u65, info, &st, use_ifm, use_ifm2);
			if (ret)
				return ret;
			break;
		case NPU_OP_RESIZE:
			return -EINVAL;
		case NPU_SET_KERNEL_WIDTH_M1:
			st.ifm.width = param;
			break;
		case NPU_SET_KERNEL_HEIGHT_M1:
			st.ifm.height[2] = param;
			break;
		case NPU_SET_KERNEL_STRIDE:
			st.ifm.stride_kernel = param;
			break;
		case NPU_SET_IFM_PAD_TOP:
			st.ifm.pad_top = param & 0x7f;
			break;
		case NPU_SET_IFM_PAD_LEFT:
			st.ifm.pad_left = param & 0x7f;
			break;
		case NPU_SET_IFM_PAD_RIGHT:
			st.ifm.pad_right = param & 0xff;
			break;
		case NPU_SET_IFM_PAD_BOTTOM:
			st.ifm.pad_bottom = param & 0xff;
			break;
		case NPU_SET_IFM_DEPTH_M1:
			st.ifm.depth = param;
			break;
		case NPU_SET_IFM_PRECISION:
			st.ifm.precision = param;
			break;
		case NPU_SET_IFM_BROADCAST:
			st.ifm.broadcast = (uint8_t)param;
			break;
		case NPU_SET_IFM_REGION:
			st.ifm.region = param & 0x7;
			break;
		case NPU_SET_IFM_WIDTH0_M1:
			st.ifm.width0 = param;
			break;
		case NPU_SET_IFM_HEIGHT0_M1:
			st.ifm.height[0] = param;
			break;
		case NPU_SET_IFM_HEIGHT1_M1:
			st.ifm.height[1] = param;
			break;
		case NPU_SET_IFM_BASE0:
		case NPU_SET_IFM_BASE1:
		case NPU_SET_IFM_BASE2:
		case NPU_SET_IFM_BASE3:
			st.ifm.base[cmd & 0x3] = addr;
			break;
		case NPU_SET_IFM_STRIDE_X:
			st.ifm.stride_x = (int64_t)addr;
			break;
		case NPU_SET_IFM_STRIDE_Y:
			st.ifm.stride_y = (int64_t)addr;
			break;
		case NPU_SET_IFM_STRIDE_C:
			st.ifm.stride_c = (int64_t)addr;
			break;
		case NPU_SET_OFM_WIDTH_M1:
			st.ofm.width = param;
			break;
		case NPU_SET_OFM_HEIGHT_M1:
			st.ofm.height[2] = param;
			break;
		case NPU_SET_OFM_DEPTH_M1:
			st.ofm.depth = param;
			break;
		case NPU_SET_OFM_PRECISION:
			st.ofm.precision = param;
			break;
		case NPU_SET_OFM_REGION:
			st.ofm.region = param & 0x7;
			break;
		case NPU_SET_OFM_WIDTH0_M1:
			st.ofm.width0 = param;
			break;
		case NPU_SET_OFM_HEIGHT0_M1:
			st.ofm.height[0] = param;
			break;
		case NPU_SET_OFM_HEIGHT1_M1:
			st.ofm.height[1] = param;
			break;
		case NPU_SET_OFM_BASE0:
		case NPU_SET_OFM_BASE1:
		case NPU_SET_OFM_BASE2:
		case NPU_SET_OFM_BASE3:
			st.ofm.base[cmd & 0x3] = addr;
			break;
		case NPU_SET_OFM_STRIDE_X:
			st.ofm.stride_x = (int64_t)addr;
			break;
		case NPU_SET_OFM_STRIDE_Y:
			st.ofm.stride_y = (int64_t)addr;
			break;
		case NPU_SET_OFM_STRIDE_C:
			st.ofm.stride_c = (int64_t)addr;
			break;
		case NPU_SET_IFM2_BROADCAST:
			st.ifm2.broadcast = (uint8_t)param;
			break;
		case NPU_SET_IFM2_PRECISION:
			st.ifm2.precision = param;
			break;
		case NPU_SET_IFM2_REGION:
			st.ifm2.region = param & 0x7;
			break;
		case NPU_SET_IFM2_WIDTH0_M1:
			st.ifm2.width0 = param;
			break;
		case NPU_SET_IFM2_HEIGHT0_M1:
			st.ifm2.height[0] = param;
			break;
		case NPU_SET_IFM2_HEIGHT1_M1:
			st.ifm2.height[1] = param;
			break;
		case NPU_SET_IFM2_BASE0:
		case NPU_SET_IFM2_BASE1:
		case NPU_SET_IFM2_BASE2:
		case NPU_SET_IFM2_BASE3:
			st.ifm2.base[cmd & 0x3] = addr;
			break;
		case NPU_SET_IFM2_STRIDE_X:
			st.ifm2.stride_x = (int64_t)addr;
			break;
		case NPU_SET_IFM2_STRIDE_Y:
			st.ifm2.stride_y = (int64_t)addr;
			break;
		case NPU_SET_IFM2_STRIDE_C:
			st.ifm2.stride_c = (int64_t)addr;
			break;
		case NPU_SET_WEIGHT_REGION:
			st.weight[0].region = param & 0x7;
			break;
		case NPU_SET_SCALE_REGION:
			st.scale[0].region = param & 0x7;
			break;
		case NPU_SET_WEIGHT_BASE:
			st.weight[0].base = addr;
			break;
		case NPU_SET_WEIGHT_LENGTH:
			st.weight[0].length = cmds[1];
			break;
		case NPU_SET_SCALE_BASE:
			st.scale[0].base = addr;
			break;
		case NPU_SET_SCALE_LENGTH:
			st.scale[0].length = cmds[1];
			break;
		case NPU_SET_WEIGHT1_BASE:
			st.weight[1].base = addr;
			break;
		case NPU_SET_WEIGHT1_LENGTH:
			st.weight[1].length = cmds[1];
			break;
		case NPU_SET_SCALE1_BASE:
			if (u65)
				st.scale[1].base = addr;
			else
				st.weight[2].base = addr;
			break;
		case NPU_SET_SCALE1_LENGTH:
			if (u65)
				st.scale[1].length = cmds[1];
			else
				st.weight[2].length = cmds[1];
			break;
		case NPU_SET_WEIGHT3_BASE:
			st.weight[3].base = addr;
			break;
		case NPU_SET_WEIGHT3_LENGTH:
			st.weight[3].length = cmds[1];
			break;
		case NPU_SET_DMA0_SRC_REGION:
			if (param & 0x100)
				st.dma.src.region = -1;
			else
				st.dma.src.region = param & 0x7;
			st.dma.mode = (param >> 9) & 0x3;
			break;
		case NPU_SET_DMA0_DST_REGION:
			if (param & 0x100)
				st.dma.dst.region = -1;
			else
				st.dma.dst.region = param & 0x7;
			break;
		case NPU_SET_DMA0_SIZE0:
			st.dma.size0 = param;
			break;
		case NPU_SET_DMA0_SIZE1:
			st.dma.size1 = param;
			break;
		case NPU_SET_DMA0_SRC_STRIDE0:
			st.dma.src.stride[0] = ((int64_t)(addr << 24)) >> 24;
			break;
		case NPU_SET_DMA0_SRC_STRIDE1:
			st.dma.src.stride[1] = ((int64_t)(addr << 24)) >> 24;
			break;
		case NPU_SET_DMA0_DST_STRIDE0:
			st.dma.dst.stride[0] = ((int64_t)(addr << 24)) >> 24;
			break;
		case NPU_SET_DMA0_DST_STRIDE1:
			st.dma.dst.stride[1] = ((int64_t)(addr << 24)) >> 24;
			break;
		case NPU_SET_DMA0_SRC:
			st.dma.src.offset = addr;
			break;
		case NPU_SET_DMA0_DST:
			st.dma.dst.offset = addr;
			break;
		case NPU_SET_DMA0_LEN:
			st.dma.src.len = st.dma.dst.len = addr;
			break;
		default:
			break;
		}
	}
	if (!ends_with_stop)
		return -EINVAL;
	return 0;
}

int shim_eu_validate(bool u65, uint64_t ucmds, uint32_t *bocmds, uint32_t size,
		     struct eu_cmdstream_info *info)
{
	uint32_t n = size / 4, *words;
	struct iovec l, r;
	ssize_t got;
	int ret;

	words = calloc((size_t)n + 1, sizeof(*words));
	if (!words)
		return -ENOMEM;
	l.iov_base = words;
	l.iov_len = ((size_t)n + 1) * 4;
	r.iov_base = (void *)(uintptr_t)ucmds;
	r.iov_len = l.iov_len;
	/* a partial read stops at the first page that is not readable */
	got = n ? process_vm_readv(getpid(), &l, 1, &r, 1, 0) : 0;
	ret = validate(u65, words, got > 0 ? (uint32_t)(got / 4) : 0, bocmds, size, info);
	free(words);
	return ret;
}

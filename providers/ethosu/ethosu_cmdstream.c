// SPDX-License-Identifier: MIT
/*
 * ethosu provider: which regions a command stream writes.
 *
 * The kernel parses every stream at CMDSTREAM_BO_CREATE
 * (ethosu_gem_cmdstream_copy_and_validate()) and later fences, of a job's
 * region BOs, only those of the regions the stream writes: the destination
 * region of each DMA_START (unless it is an address, not a region), and
 * the OFM region of each CONV, DEPTHWISE, POOL and ELEMENTWISE (unless the
 * OFM is chained, U85 storage mode 2). The provider waits on one of those
 * BOs, so it follows the same parse here. The size checks stay the
 * kernel's; the structure is checked here too, so that a refusal comes
 * with a reason: 32-bit commands, bit 14 marking a 64-bit one, a STOP as
 * the last command, no RESIZE.
 */
#include <errno.h>
#include <string.h>

#include "ethosu.h"

/* enum ethosu_cmds of drivers/accel/ethosu/ethosu_device.h */
#define NPU_OP_STOP		0x0
#define NPU_OP_CONV		0x2
#define NPU_OP_DEPTHWISE	0x3
#define NPU_OP_POOL		0x5
#define NPU_OP_ELEMENTWISE	0x6
#define NPU_OP_RESIZE		0x7
#define NPU_OP_DMA_START	0x10
#define NPU_SET_OFM_PRECISION	0x114
#define NPU_SET_OFM_REGION	0x11f
#define NPU_SET_DMA0_DST_REGION	0x131
#define NPU_CMD_64BIT		0x4000

int ethosu_cmdstream_outputs(const struct ethosu_context *ec, const void *data,
			     uint32_t size)
{
	/* cmd_state_init(): all ones, so a region never set is -1 */
	int ofm_region = -1, dma_dst_region = -1;
	uint16_t ofm_precision = 0xffff;
	uint32_t n = size / 4, i, w;
	bool stop = false;
	int outputs = 0;

	for (i = 0; i < n; i++) {
		uint16_t cmd, param;

		memcpy(&w, (const char *)data + 4 * (size_t)i, 4);
		cmd = (uint16_t)w;
		param = (uint16_t)(w >> 16);
		if ((cmd & NPU_CMD_64BIT) && ++i >= n)
			return accel_set_reason(-EINVAL,
						"ethosu: command stream: the 64-bit command 0x%04x at word %u is cut off",
						cmd, i - 1);
		switch (cmd) {
		case NPU_OP_STOP:
			if (i != n - 1)
				return accel_set_reason(-EINVAL,
							"ethosu: command stream: STOP at word %u is not the last command",
							i);
			stop = true;
			break;
		case NPU_OP_DMA_START:
			if (dma_dst_region >= 0)
				outputs |= 1 << dma_dst_region;
			break;
		case NPU_OP_CONV:
		case NPU_OP_DEPTHWISE:
		case NPU_OP_POOL:
		case NPU_OP_ELEMENTWISE:
			/* feat_matrix_chained(): U85 storage 2 writes no memory */
			if (ofm_region >= 0 &&
			    (ethosu_is_u65(ec) || (ofm_precision >> 14) != 2))
				outputs |= 1 << ofm_region;
			break;
		case NPU_OP_RESIZE:
			return accel_set_reason(-EINVAL,
						"ethosu: command stream: RESIZE (word %u) is refused by the 7.2 kernel",
						i);
		case NPU_SET_OFM_PRECISION:
			ofm_precision = param;
			break;
		case NPU_SET_OFM_REGION:
			ofm_region = param & 0x7;
			break;
		case NPU_SET_DMA0_DST_REGION:
			dma_dst_region = (param & 0x100) ? -1 : (param & 0x7);
			break;
		default:
			break;
		}
	}
	if (!stop)
		return accel_set_reason(-EINVAL,
					"ethosu: command stream: it does not end with STOP");
	return outputs;
}

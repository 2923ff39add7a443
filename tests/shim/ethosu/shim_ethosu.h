/* SPDX-License-Identifier: MIT */
/*
 * The ethosu emulation: internals shared by its files, and the controls
 * tests use.
 */
#ifndef SHIM_ETHOSU_H
#define SHIM_ETHOSU_H

#include <stdbool.h>
#include <stdint.h>

#define EU_MAX_REGIONS 8

/* ethosu_validated_cmdstream_info */
struct eu_cmdstream_info {
	uint32_t cmd_size;
	uint64_t region_size[EU_MAX_REGIONS];
	bool output_region[EU_MAX_REGIONS];
};

/*
 * ethosu_gem_cmdstream_copy_and_validate(): copy size bytes of commands
 * from the user pointer ucmds into bocmds and validate them as an NPU of
 * the given kind would run them. 0 and *info filled, or -EINVAL/-EFAULT.
 */
int shim_eu_validate(bool u65, uint64_t ucmds, uint32_t *bocmds, uint32_t size,
		     struct eu_cmdstream_info *info);

/* hold (true) or release the emulated NPU: held jobs stay unsignalled */
void accel_shim_ethosu_hold(bool hold) __attribute__((weak));

#endif /* SHIM_ETHOSU_H */

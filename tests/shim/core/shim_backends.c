// SPDX-License-Identifier: MIT
/*
 * The emulated drivers. A backend lives in its own directory next to
 * core/ and adds its struct shim_driver here and its sources to
 * CMakeLists.txt; ACCEL_SHIM_DEVICES picks devices by their model names.
 */
#include "shim.h"

extern const struct shim_driver shim_hl_driver;
extern const struct shim_driver shim_qaic_driver;
extern const struct shim_driver shim_rocket_driver;
extern const struct shim_driver shim_ethosu_driver;
extern const struct shim_driver shim_ivpu_driver;
extern const struct shim_driver shim_xdna_driver;

const struct shim_driver *const shim_drivers[] = {
	&shim_hl_driver,
	&shim_qaic_driver,
	&shim_rocket_driver,
	&shim_ethosu_driver,
	&shim_ivpu_driver,
	&shim_xdna_driver,
	NULL,
};

// SPDX-License-Identifier: MIT
/*
 * Link-time stand-in for a libaccel.so.1 of provider ABI TEST_PABI: the
 * wrong-ABI test providers link against it so that their registration
 * symbol carries the version ACCEL_PRIVATE_<TEST_PABI>. It is never loaded:
 * at run time the soname resolves to the real libaccel.so.1.
 */
#undef ACCEL_PABI_VERSION
#define ACCEL_PABI_VERSION TEST_PABI
#include "accel_provider.h"

__attribute__((visibility("default"))) void
accel_register_provider(const struct accel_provider *prov)
{
}

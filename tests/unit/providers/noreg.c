// SPDX-License-Identifier: MIT
/*
 * A library under a provider's file name that registers no provider (a
 * stray or broken plugin): the core must load it and say so.
 */
int noreg_unused(void);

int noreg_unused(void)
{
	return 0;
}

// SPDX-License-Identifier: MIT
/*
 * include/uapi/drm/habanalabs_accel.h against the layout of Linux 7.2's
 * header (hl_uapi_layout.h): every struct's size, every member's offset
 * and size, every constant's and enumerator's value. A struct, member or
 * constant our header lacks does not compile.
 */
#include <stddef.h>
#include <stdio.h>

#include <uapi/drm/habanalabs_accel.h>

#include "hl_uapi_layout.h"
#include "shim_test.h"

static void test_layout_structs(void **state)
{
	unsigned int bad = 0, n = 0;

	(void)state;
#define S(t, sz)                                                          \
	do {                                                              \
		n++;                                                      \
		if (sizeof(t) != (sz)) {                                  \
			printf("sizeof(%s) %zu, kernel %u\n", #t,         \
			       sizeof(t), (unsigned int)(sz));            \
			bad++;                                            \
		}                                                         \
	} while (0);
#define L(t, m, off, sz)                                                  \
	do {                                                              \
		n++;                                                      \
		if (offsetof(t, m) != (off) ||                            \
		    sizeof(((t *)0)->m) != (sz)) {                        \
			printf("%s.%s at %zu size %zu, kernel %u/%u\n",   \
			       #t, #m, offsetof(t, m),                    \
			       sizeof(((t *)0)->m), (unsigned int)(off),  \
			       (unsigned int)(sz));                       \
			bad++;                                            \
		}                                                         \
	} while (0);
	HL_UAPI_LAYOUT
#undef S
#undef L
	printf("%u layout entries checked\n", n);
	assert_int_equal(bad, 0);
}

static void test_layout_constants(void **state)
{
	unsigned int bad = 0, n = 0;

	(void)state;
#define C(name, val)                                                      \
	do {                                                              \
		n++;                                                      \
		if ((unsigned long long)(name) !=                         \
		    (unsigned long long)(val)) {                          \
			printf("%s = %#llx, kernel %#llx\n", #name,       \
			       (unsigned long long)(name),                \
			       (unsigned long long)(val));                \
			bad++;                                            \
		}                                                         \
	} while (0);
	HL_UAPI_CONSTANTS
#undef C
	printf("%u constants checked\n", n);
	assert_int_equal(bad, 0);
}

SHIM_TEST_LIST(cmocka_unit_test(test_layout_structs),
	       cmocka_unit_test(test_layout_constants));

// SPDX-License-Identifier: MIT
/*
 * Why a call failed: one line per thread, as dlerror() keeps one.
 *
 * A check that refuses says why with accel_set_reason(); every public call
 * that fails ends in accel_fail(), which fills in the errno's text when no
 * check said more, so no failing call leaves the caller without a reason.
 * A call starts by forgetting whether a reason was set (accel_call_begin()),
 * not the reason itself: a successful call leaves the last one readable.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "accel_internal.h"

struct accel_reason {
	char msg[256];
	bool have;	/* msg holds something */
};

/* the text only on a failure; whether one was set, on every call */
static __thread struct accel_reason reason;
__thread bool accel_reason_set ACCEL_TLS_IE;

__attribute__((format(printf, 1, 0)))
static void vset(const char *fmt, va_list ap)
{
	vsnprintf(reason.msg, sizeof(reason.msg), fmt, ap);
	reason.have = true;
	accel_reason_set = true;
}

ACCEL_EXPORT int accel_set_reason(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(fmt, ap);
	va_end(ap);
	accel_dbg("%s", reason.msg);
	return err;
}

int accel_fail_reason(const char *func, int err)
{
	char detail[sizeof(reason.msg)];

	if (!accel_reason_set) {
		snprintf(reason.msg, sizeof(reason.msg), "%s: %s", func,
			 strerror(-err));
	} else if (strncmp(reason.msg, func, strlen(func))) {
		/* name the call the application made */
		memcpy(detail, reason.msg, sizeof(detail));
		/* a long reason is cut, not lost */
		if (snprintf(reason.msg, sizeof(reason.msg), "%s: %s", func,
			     detail) >= (int)sizeof(reason.msg))
			accel_dbg("reason cut: %s", detail);
	}
	reason.have = true;
	accel_reason_set = true;
	accel_dbg("%s", reason.msg);
	return err;
}

void *accel_fail_ptr(const char *func, int err)
{
	accel_fail(func, err);
	errno = -err;
	return NULL;
}

ACCEL_EXPORT const char *accel_last_error(void)
{
	return reason.have ? reason.msg : NULL;
}

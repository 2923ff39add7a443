// SPDX-License-Identifier: MIT
/*
 * Logging and the scan report.
 *
 * The library never prints unless asked: ACCEL_LOG_LEVEL (0-4 or
 * err/warn/info/debug) turns messages on, to stderr or to ACCEL_LOG_FILE.
 * Independently, every scan keeps a short report of why devices were
 * skipped, which accel_get_scan_report() hands out.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "accel_internal.h"

static pthread_once_t log_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static enum accel_log_level log_level = ACCEL_LOG_NONE;
static FILE *log_file;
static accel_log_fn log_fn;
static void *log_fn_arg;
/*
 * Callbacks running, counted by the parity of the epoch they started in:
 * accel_set_log_fn() starts an epoch and waits for the old one's calls,
 * so when it returns the old callback and its argument are unused.
 */
static unsigned int log_epoch;
static unsigned int log_busy[2];
static pthread_cond_t log_idle = PTHREAD_COND_INITIALIZER;
static __thread bool in_log_fn;

static enum accel_log_level parse_level(const char *s)
{
	static const char *const names[] = { "none", "err", "warn", "info",
					     "debug" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcasecmp(s, names[i]))
			return (enum accel_log_level)i;
	if (s[0] >= '0' && s[0] <= '9') {
		long v = strtol(s, NULL, 10);

		return v > ACCEL_LOG_DEBUG ? ACCEL_LOG_DEBUG : (enum accel_log_level)v;
	}
	return ACCEL_LOG_NONE;
}

static void log_init(void)
{
	const char *lvl = getenv("ACCEL_LOG_LEVEL");
	const char *path = accel_getenv("ACCEL_LOG_FILE");

	if (lvl)
		log_level = parse_level(lvl);
	if (log_level != ACCEL_LOG_NONE && path) {
		int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

		if (fd >= 0) {
			log_file = fdopen(fd, "a");
			if (!log_file)
				close(fd);
		}
	}
}

bool accel_log_enabled(enum accel_log_level level)
{
	enum accel_log_level cur;

	pthread_once(&log_once, log_init);
	pthread_mutex_lock(&log_lock);
	cur = log_level;
	pthread_mutex_unlock(&log_lock);
	return level != ACCEL_LOG_NONE && level <= cur;
}

/* The application's choice wins over the environment's. */
ACCEL_EXPORT void accel_set_log_level(enum accel_log_level level)
{
	accel_call_begin();
	pthread_once(&log_once, log_init);
	if ((int)level < ACCEL_LOG_NONE)
		level = ACCEL_LOG_NONE;
	if (level > ACCEL_LOG_DEBUG)
		level = ACCEL_LOG_DEBUG;
	pthread_mutex_lock(&log_lock);
	log_level = level;
	pthread_mutex_unlock(&log_lock);
}

ACCEL_EXPORT enum accel_log_level accel_get_log_level(void)
{
	enum accel_log_level cur;

	pthread_once(&log_once, log_init);
	pthread_mutex_lock(&log_lock);
	cur = log_level;
	pthread_mutex_unlock(&log_lock);
	return cur;
}

ACCEL_EXPORT void accel_set_log_fn(accel_log_fn fn, void *arg)
{
	unsigned int old;

	pthread_once(&log_once, log_init);
	pthread_mutex_lock(&log_lock);
	log_fn = fn;
	log_fn_arg = arg;
	old = log_epoch++ & 1;
	/* from inside a callback, waiting would wait for ourselves */
	while (!in_log_fn && log_busy[old])
		pthread_cond_wait(&log_idle, &log_lock);
	pthread_mutex_unlock(&log_lock);
}

ACCEL_EXPORT void accel_log(enum accel_log_level level, const char *fmt, ...)
{
	static const char *const tag[] = { "", "error", "warning", "info",
					   "debug" };
	char msg[1024];
	accel_log_fn fn;
	void *fn_arg;
	unsigned int epoch;
	FILE *out;
	va_list ap;
	size_t n;

	if (!accel_log_enabled(level))
		return;
	pthread_mutex_lock(&log_lock);
	fn = log_fn;
	fn_arg = log_fn_arg;
	if (fn) {
		/* the callback may call libaccel: not under our lock */
		epoch = log_epoch & 1;
		log_busy[epoch]++;
		pthread_mutex_unlock(&log_lock);
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		n = strlen(msg);
		if (n && msg[n - 1] == '\n')
			msg[n - 1] = 0;
		in_log_fn = true;
		fn(level, msg, fn_arg);
		in_log_fn = false;
		pthread_mutex_lock(&log_lock);
		/* 0 in a child forked from inside a callback */
		if (log_busy[epoch] && !--log_busy[epoch])
			pthread_cond_broadcast(&log_idle);
		pthread_mutex_unlock(&log_lock);
		return;
	}
	out = log_file ? log_file : stderr;
	fprintf(out, "libaccel %s: ", tag[level]);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	if (fmt[0] && fmt[strlen(fmt) - 1] != '\n')
		fputc('\n', out);
	fflush(out);
	pthread_mutex_unlock(&log_lock);
}

static void __attribute__((destructor)) log_fini(void)
{
	if (log_file)
		fclose(log_file);
	log_file = NULL;
}

/* The scan report: lines appended during a scan, reset at its start. */
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static char *report;
static size_t report_len;
/* leading bytes that survive a reset: why providers failed to load */
static size_t report_kept;

/* both are leaves: no lock is taken under either */
void accel_log_atfork(enum accel_fork_phase phase)
{
	if (phase == ACCEL_FORK_PREPARE) {
		pthread_mutex_lock(&report_lock);
		pthread_mutex_lock(&log_lock);
	} else {
		/* the child has none of the parent's other threads' callbacks */
		if (phase == ACCEL_FORK_CHILD)
			log_busy[0] = log_busy[1] = 0;
		pthread_mutex_unlock(&log_lock);
		pthread_mutex_unlock(&report_lock);
	}
}

void accel_report_reset(void)
{
	pthread_mutex_lock(&report_lock);
	report_len = report_kept;
	if (report_len) {
		report[report_len] = 0;
	} else {
		free(report);
		report = NULL;
	}
	pthread_mutex_unlock(&report_lock);
}

/*
 * Providers load once per process, so what went wrong then stays true for
 * every later scan: keep it across resets.
 */
void accel_report_keep(void)
{
	pthread_mutex_lock(&report_lock);
	report_kept = report_len;
	pthread_mutex_unlock(&report_lock);
}

ACCEL_EXPORT void accel_report(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	char *n;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len > sizeof(line) - 2)
		len = sizeof(line) - 2;
	if (len == 0 || line[len - 1] != '\n')
		line[len++] = '\n';
	line[len] = 0;
	accel_log(ACCEL_LOG_WARN, "%s", line);

	pthread_mutex_lock(&report_lock);
	/* the same reason twice (a rescan) is said once */
	if (report && strstr(report, line)) {
		pthread_mutex_unlock(&report_lock);
		return;
	}
	n = realloc(report, report_len + len + 1);
	if (n) {
		memcpy(n + report_len, line, len + 1);
		report = n;
		report_len += len;
	}
	pthread_mutex_unlock(&report_lock);
}

ACCEL_EXPORT int accel_get_scan_report(char *buf, size_t len)
{
	int ret;

	accel_call_begin();
	if (!buf && len)
		return accel_fail(__func__, accel_set_reason(-EINVAL, "buf is NULL, len %zu",
							      len));
	pthread_mutex_lock(&report_lock);
	ret = (int)report_len;
	if (len) {
		size_t n = report_len < len - 1 ? report_len : len - 1;

		if (n)
			memcpy(buf, report, n);
		buf[n] = 0;
	}
	pthread_mutex_unlock(&report_lock);
	return ret;
}

static void __attribute__((destructor)) report_fini(void)
{
	free(report);
	report = NULL;
}

// SPDX-License-Identifier: MIT
/*
 * accel_top - a live view of accelerator devices and the processes using
 * them: accel_device_usage() per device, accel_process_usage() per
 * process. See accel_top(1).
 *
 * Exit status: 0; 2 bad usage; 3 the device named with -d does not exist;
 * 1 another failure.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <accel/accel.h>

#include "json_out.h"

enum fmt { FMT_LIVE, FMT_PLAIN, FMT_JSON, FMT_CSV };
enum sort_key { SORT_ENGINE, SORT_MEM, SORT_PID, SORT_DEVICE, SORT_COMMAND };

static const char *const sort_names[] = {
	[SORT_ENGINE] = "engine", [SORT_MEM] = "mem", [SORT_PID] = "pid",
	[SORT_DEVICE] = "device", [SORT_COMMAND] = "command",
};

struct opts {
	const char *device;
	double interval;	/* seconds */
	long iterations;	/* 0: until q or a signal */
	enum fmt fmt;
	enum sort_key sort;
};

/* one device's two latest samples */
struct dev_state {
	struct accel_device *dev;
	struct accel_usage prev, cur;
	bool have_prev;
	double busy_pct;	/* < 0: unknown */
	double power_w;		/* < 0: unknown */
};

/* one client, with its engine time in the previous sample */
struct proc_row {
	struct accel_client_usage c;
	double engine_pct;	/* < 0: unknown */
};

static volatile sig_atomic_t stop;
static struct termios saved_tio;
static bool tio_saved;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *out, const char *argv0)
{
	fprintf(out,
		"Usage: %s [options]\n"
		"  -d, --device=NAME     only device NAME (e.g. accel0) and its processes\n"
		"  -i, --interval=SECS   refresh interval, default 1\n"
		"  -n, --iterations=N    stop after N samples (default: until q)\n"
		"  -s, --sort=KEY        engine (default), mem, pid, device, command\n"
		"  -j, --json            one JSON object per sample\n"
		"  -c, --csv             CSV rows, a header first\n"
		"  -V, --version         print the libaccel version\n"
		"  -h, --help            this text\n"
		"Keys in the live view: q quits; e, m, p, d, c sort.\n",
		argv0);
}

static int parse_sort(const char *s, enum sort_key *k)
{
	size_t i;

	for (i = 0; i < sizeof(sort_names) / sizeof(sort_names[0]); i++)
		if (!strcmp(s, sort_names[i])) {
			*k = (enum sort_key)i;
			return 0;
		}
	return -1;
}

static const char *human_bytes(uint64_t v, char *buf, size_t len)
{
	static const char units[] = "BKMGTP";
	double d = (double)v;
	int u = 0;

	while (d >= 1024 && u < 5) {
		d /= 1024;
		u++;
	}
	if (!u)
		snprintf(buf, len, "%" PRIu64 "B", v);
	else
		snprintf(buf, len, "%.*f%c", d < 10 ? 1 : 0, d, units[u]);
	return buf;
}

static const char *user_name(uint32_t uid, char *buf, size_t len)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		snprintf(buf, len, "%s", pw->pw_name);
	else
		snprintf(buf, len, "%u", uid);
	return buf;
}

static uint64_t client_mem(const struct accel_client_usage *c)
{
	if (c->present & ACCEL_CLIENT_MEM_TOTAL)
		return c->mem_total;
	return c->mem_resident;
}

static const char *client_dev(const struct accel_client_usage *c, char *buf,
			      size_t len)
{
	const char *n = c->dev ? accel_device_name(c->dev) : NULL;

	if (n)
		snprintf(buf, len, "%s", n);
	else if (c->major)
		snprintf(buf, len, "%u:%u", c->major, c->minor);
	else
		snprintf(buf, len, "-");
	return buf;
}

/* -------------------------------------------------------------------- */
/* Sampling                                                             */
/* -------------------------------------------------------------------- */

static void sample_devices(struct dev_state *ds, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		struct dev_state *d = &ds[i];
		struct accel_usage u = { 0 };

		if (accel_device_usage(d->dev, &u, sizeof(u)))
			memset(&u, 0, sizeof(u));
		d->prev = d->cur;
		d->have_prev = d->prev.timestamp_ns != 0;
		d->cur = u;
		d->busy_pct = -1;
		d->power_w = -1;
		if (d->have_prev && (u.present & d->prev.present & ACCEL_USAGE_BUSY_TIME) &&
		    u.timestamp_ns > d->prev.timestamp_ns) {
			/* a counter that steps back reads as idle, not negative */
			uint64_t db = u.busy_ns > d->prev.busy_ns ? u.busy_ns - d->prev.busy_ns : 0;

			d->busy_pct = 100.0 * (double)db /
				      (double)(u.timestamp_ns - d->prev.timestamp_ns);
			if (d->busy_pct > 100)
				d->busy_pct = 100;
		} else if (u.present & ACCEL_USAGE_UTILIZATION) {
			d->busy_pct = u.utilization;
		}
		if (u.present & ACCEL_USAGE_POWER)
			d->power_w = (double)u.power_uw / 1e6;
		else if (d->have_prev && (u.present & d->prev.present & ACCEL_USAGE_ENERGY) &&
			 u.timestamp_ns > d->prev.timestamp_ns && u.energy_uj >= d->prev.energy_uj)
			d->power_w = (double)(u.energy_uj - d->prev.energy_uj) * 1e3 /
				     (double)(u.timestamp_ns - d->prev.timestamp_ns);
	}
}

static bool same_client(const struct accel_client_usage *a,
			const struct accel_client_usage *b)
{
	if ((a->present & ACCEL_CLIENT_ID) && (b->present & ACCEL_CLIENT_ID))
		return a->client_id == b->client_id && !strcmp(a->driver, b->driver) &&
		       !strcmp(a->pdev, b->pdev);
	return a->pid == b->pid && a->fd == b->fd && a->dev == b->dev;
}

/*
 * The clients now, engine percentages against the previous sample. rows
 * and prev are replaced; returns the number of rows or -errno.
 */
static int sample_procs(struct accel_device **list, struct accel_device *only,
			struct proc_row **rows, int *nrows, int64_t *t_prev)
{
	struct accel_client_usage *v = NULL;
	struct proc_row *out;
	int64_t now, dt;
	struct timespec ts;
	int n, cap = 64, i, j, k = 0;

	for (;;) {
		void *p = realloc(v, (size_t)cap * sizeof(*v));

		if (!p) {
			free(v);
			return -ENOMEM;
		}
		v = p;
		n = accel_process_usage(list, 0, v, (uint32_t)cap, sizeof(*v));
		if (n < 0) {
			free(v);
			return n;
		}
		if (n <= cap)
			break;
		cap = n + 16;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	dt = *t_prev ? now - *t_prev : 0;
	out = calloc((size_t)n + 1, sizeof(*out));
	if (!out) {
		free(v);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		if (only && v[i].dev != only)
			continue;
		out[k].c = v[i];
		out[k].engine_pct = -1;
		for (j = 0; dt > 0 && j < *nrows; j++) {
			const struct accel_client_usage *o = &(*rows)[j].c;

			if (!same_client(o, &v[i]) || !(v[i].present & ACCEL_CLIENT_ENGINE_TIME))
				continue;
			out[k].engine_pct = v[i].engine_ns > o->engine_ns ?
				100.0 * (double)(v[i].engine_ns - o->engine_ns) / (double)dt : 0;
			/* keep the larger counter, as drm-usage-stats asks */
			if (v[i].engine_ns < o->engine_ns)
				out[k].c.engine_ns = o->engine_ns;
			break;
		}
		k++;
	}
	free(v);
	free(*rows);
	*rows = out;
	*nrows = k;
	*t_prev = now;
	return k;
}

static enum sort_key g_sort;

static int cmp_rows(const void *pa, const void *pb)
{
	const struct proc_row *a = pa, *b = pb;
	char da[32], db[32];
	int r = 0;

	switch (g_sort) {
	case SORT_ENGINE:
		r = (a->c.engine_ns < b->c.engine_ns) - (a->c.engine_ns > b->c.engine_ns);
		break;
	case SORT_MEM:
		r = (client_mem(&a->c) < client_mem(&b->c)) -
		    (client_mem(&a->c) > client_mem(&b->c));
		break;
	case SORT_PID:
		break;
	case SORT_DEVICE:
		r = strcmp(client_dev(&a->c, da, sizeof(da)), client_dev(&b->c, db, sizeof(db)));
		break;
	case SORT_COMMAND:
		r = strcmp(a->c.comm, b->c.comm);
		break;
	}
	if (!r)
		r = (a->c.pid > b->c.pid) - (a->c.pid < b->c.pid);
	if (!r)
		r = (a->c.fd > b->c.fd) - (a->c.fd < b->c.fd);
	return r;
}

/* -------------------------------------------------------------------- */
/* Output                                                               */
/* -------------------------------------------------------------------- */

static void fmt_dev_fields(const struct dev_state *d, char *busy, char *mem,
			   char *power, char *clock, char *temp, size_t len)
{
	const struct accel_usage *u = &d->cur;
	char a[16], b[16];

	snprintf(busy, len, d->busy_pct >= 0 ? "%5.1f%%" : "     -", d->busy_pct);
	if ((u->present & ACCEL_USAGE_MEM_USED) && (u->present & ACCEL_USAGE_MEM_TOTAL))
		snprintf(mem, len, "%s/%s", human_bytes(u->mem_used, a, sizeof(a)),
			 human_bytes(u->mem_total, b, sizeof(b)));
	else if (u->present & ACCEL_USAGE_MEM_USED)
		snprintf(mem, len, "%s", human_bytes(u->mem_used, a, sizeof(a)));
	else
		snprintf(mem, len, "-");
	if (d->power_w >= 0)
		snprintf(power, len, "%.1fW", d->power_w);
	else
		snprintf(power, len, "-");
	if ((u->present & ACCEL_USAGE_CLOCK) && (u->present & ACCEL_USAGE_CLOCK_MAX))
		snprintf(clock, len, "%u/%uMHz", u->clock_mhz, u->clock_max_mhz);
	else if (u->present & ACCEL_USAGE_CLOCK)
		snprintf(clock, len, "%uMHz", u->clock_mhz);
	else
		snprintf(clock, len, "-");
	if (u->present & ACCEL_USAGE_TEMP)
		snprintf(temp, len, "%.1fC", u->temp_mc / 1000.0);
	else
		snprintf(temp, len, "-");
}

/* the text view: the same lines live and plain; cols 0 means no limit */
static void print_text(FILE *f, const struct dev_state *ds, int nd,
		       const struct proc_row *rows, int nr, int cols, int max_rows,
		       bool live, int sort)
{
	char busy[32], mem[48], power[32], clock[32], temp[32], line[512];
	char user[32], dev[32], m[16];
	int i, used = 0;

#define OUT(...)                                                         \
	do {                                                             \
		snprintf(line, sizeof(line), __VA_ARGS__);              \
		if (cols > 0 && (int)strlen(line) > cols)               \
			line[cols] = 0;                                  \
		if (!max_rows || used < max_rows)                       \
			fprintf(f, "%s\n", line);                       \
		used++;                                                  \
	} while (0)

	if (live)
		OUT("accel_top - %d device%s, %d client%s, sorted by %s (q quits)", nd,
		    nd == 1 ? "" : "s", nr, nr == 1 ? "" : "s", sort_names[sort]);
	OUT("%-10s %-12s %6s %-15s %7s %-13s %6s", "DEVICE", "DRIVER", "BUSY", "MEMORY",
	    "POWER", "CLOCK", "TEMP");
	for (i = 0; i < nd; i++) {
		fmt_dev_fields(&ds[i], busy, mem, power, clock, temp, 32);
		OUT("%-10s %-12.12s %6s %-15s %7s %-13s %6s", accel_device_name(ds[i].dev),
		    accel_device_driver(ds[i].dev), busy, mem, power, clock, temp);
	}
	OUT("%s", "");
	OUT("%7s %-10s %-16s %-10s %8s %10s %7s", "PID", "USER", "COMMAND", "DEVICE", "MEM",
	    "ENGINE", "ENGINE%");
	for (i = 0; i < nr; i++) {
		const struct accel_client_usage *c = &rows[i].c;
		char eng[24], pct[16];

		if (c->present & ACCEL_CLIENT_ENGINE_TIME)
			snprintf(eng, sizeof(eng), "%.3fs", (double)c->engine_ns / 1e9);
		else
			snprintf(eng, sizeof(eng), "-");
		if (rows[i].engine_pct >= 0)
			snprintf(pct, sizeof(pct), "%.1f", rows[i].engine_pct);
		else
			snprintf(pct, sizeof(pct), "-");
		OUT("%7d %-10.10s %-16.16s %-10.10s %8s %10s %7s", c->pid,
		    user_name(c->uid, user, sizeof(user)), c->comm,
		    client_dev(c, dev, sizeof(dev)),
		    (c->present & (ACCEL_CLIENT_MEM_TOTAL | ACCEL_CLIENT_MEM_RESIDENT)) ?
			    human_bytes(client_mem(c), m, sizeof(m)) : "-",
		    eng, pct);
	}
#undef OUT
}

static void json_double(struct json_out *j, const char *key, double v, double scale)
{
	/* json_out has integers only: fixed point, e.g. percent x 10 */
	json_uint(j, key, (uint64_t)(v * scale + 0.5));
}

static void print_json(FILE *f, const struct dev_state *ds, int nd,
		       const struct proc_row *rows, int nr)
{
	struct json_out j;
	char user[32], dev[32];
	int i;

	json_init(&j, f);
	json_begin_object(&j, NULL);
	json_int(&j, "timestamp_ns", ds && nd ? ds[0].cur.timestamp_ns : 0);
	json_begin_array(&j, "devices");
	for (i = 0; i < nd; i++) {
		const struct accel_usage *u = &ds[i].cur;

		json_begin_object(&j, NULL);
		json_string(&j, "name", accel_device_name(ds[i].dev));
		json_string(&j, "driver", accel_device_driver(ds[i].dev));
		if (ds[i].busy_pct >= 0)
			json_double(&j, "busy_permille", ds[i].busy_pct, 10);
		if (u->present & ACCEL_USAGE_BUSY_TIME)
			json_uint(&j, "busy_ns", u->busy_ns);
		if (u->present & ACCEL_USAGE_UTILIZATION)
			json_uint(&j, "utilization", u->utilization);
		if (u->present & ACCEL_USAGE_MEM_USED)
			json_uint(&j, "mem_used", u->mem_used);
		if (u->present & ACCEL_USAGE_MEM_TOTAL)
			json_uint(&j, "mem_total", u->mem_total);
		if (u->present & ACCEL_USAGE_POWER)
			json_uint(&j, "power_uw", u->power_uw);
		if (u->present & ACCEL_USAGE_ENERGY)
			json_uint(&j, "energy_uj", u->energy_uj);
		if (u->present & ACCEL_USAGE_CLOCK)
			json_uint(&j, "clock_mhz", u->clock_mhz);
		if (u->present & ACCEL_USAGE_CLOCK_MAX)
			json_uint(&j, "clock_max_mhz", u->clock_max_mhz);
		if (u->present & ACCEL_USAGE_TEMP)
			json_int(&j, "temp_mc", u->temp_mc);
		if (u->present & ACCEL_USAGE_ERRORS_CORRECTED)
			json_uint(&j, "errors_corrected", u->errors_corrected);
		if (u->present & ACCEL_USAGE_ERRORS_UNCORRECTED)
			json_uint(&j, "errors_uncorrected", u->errors_uncorrected);
		if (u->present & ACCEL_USAGE_RESETS)
			json_uint(&j, "resets", u->resets);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_begin_array(&j, "processes");
	for (i = 0; i < nr; i++) {
		const struct accel_client_usage *c = &rows[i].c;
		uint32_t r;

		json_begin_object(&j, NULL);
		json_int(&j, "pid", c->pid);
		json_string(&j, "user", user_name(c->uid, user, sizeof(user)));
		json_string(&j, "command", c->comm);
		json_string(&j, "device", client_dev(c, dev, sizeof(dev)));
		json_string(&j, "driver", c->driver);
		json_int(&j, "fd", c->fd);
		json_uint(&j, "num_fds", c->num_fds);
		if (c->present & ACCEL_CLIENT_ID)
			json_uint(&j, "client_id", c->client_id);
		if (c->present & ACCEL_CLIENT_ENGINE_TIME)
			json_uint(&j, "engine_ns", c->engine_ns);
		if (rows[i].engine_pct >= 0)
			json_double(&j, "engine_permille", rows[i].engine_pct, 10);
		if (c->present & ACCEL_CLIENT_MEM_TOTAL)
			json_uint(&j, "mem_total", c->mem_total);
		if (c->present & ACCEL_CLIENT_MEM_SHARED)
			json_uint(&j, "mem_shared", c->mem_shared);
		if (c->present & ACCEL_CLIENT_MEM_RESIDENT)
			json_uint(&j, "mem_resident", c->mem_resident);
		if (c->present & ACCEL_CLIENT_MEM_ACTIVE)
			json_uint(&j, "mem_active", c->mem_active);
		if (c->present & ACCEL_CLIENT_MEM_PURGEABLE)
			json_uint(&j, "mem_purgeable", c->mem_purgeable);
		json_begin_array(&j, "regions");
		for (r = 0; r < c->num_regions; r++) {
			json_begin_object(&j, NULL);
			json_string(&j, "name", c->regions[r].name);
			json_uint(&j, "total", c->regions[r].total);
			json_uint(&j, "resident", c->regions[r].resident);
			json_end_object(&j);
		}
		json_end_array(&j);
		json_begin_array(&j, "engines");
		for (r = 0; r < c->num_engines; r++) {
			json_begin_object(&j, NULL);
			json_string(&j, "name", c->engines[r].name);
			json_uint(&j, "busy_ns", c->engines[r].busy_ns);
			json_uint(&j, "capacity", c->engines[r].capacity);
			json_end_object(&j);
		}
		json_end_array(&j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	json_finish(&j);
}

/* a number of a CSV row: printed when the value is there, else empty */
__attribute__((format(printf, 4, 5)))
static void csv_num(char *buf, size_t len, bool have, const char *fmt, ...)
{
	va_list ap;

	buf[0] = '\0';
	if (!have)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* a field of a CSV row: quoted when it holds a comma or a quote */
static void csv_field(FILE *f, const char *s, bool last)
{
	if (strpbrk(s, ",\"\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

static void print_csv(FILE *f, const struct dev_state *ds, int nd,
		      const struct proc_row *rows, int nr, bool header)
{
	char busy[32], mem_used[32], mem_total[32], power[32], clock[32], temp[32];
	char ts[32], user[32], dev[32], pid[16], m[32], eng[32], pct[32];
	struct timespec now;
	int i;

	if (header)
		fputs("kind,time,device,driver,busy_pct,mem_used,mem_total,power_w,clock_mhz,"
		      "temp_c,pid,user,command,mem,engine_ns,engine_pct\n", f);
	clock_gettime(CLOCK_REALTIME, &now);
	snprintf(ts, sizeof(ts), "%lld.%03ld", (long long)now.tv_sec, now.tv_nsec / 1000000);
	for (i = 0; i < nd; i++) {
		const struct accel_usage *u = &ds[i].cur;

		csv_num(busy, sizeof(busy), ds[i].busy_pct >= 0, "%.1f", ds[i].busy_pct);
		csv_num(mem_used, sizeof(mem_used), u->present & ACCEL_USAGE_MEM_USED,
			"%" PRIu64, u->mem_used);
		csv_num(mem_total, sizeof(mem_total), u->present & ACCEL_USAGE_MEM_TOTAL,
			"%" PRIu64, u->mem_total);
		csv_num(power, sizeof(power), ds[i].power_w >= 0, "%.3f", ds[i].power_w);
		csv_num(clock, sizeof(clock), u->present & ACCEL_USAGE_CLOCK, "%u",
			u->clock_mhz);
		csv_num(temp, sizeof(temp), u->present & ACCEL_USAGE_TEMP, "%.1f",
			u->temp_mc / 1000.0);
		fprintf(f, "device,%s,", ts);
		csv_field(f, accel_device_name(ds[i].dev), false);
		csv_field(f, accel_device_driver(ds[i].dev), false);
		fprintf(f, "%s,%s,%s,%s,%s,%s,,,,,,\n", busy, mem_used, mem_total, power, clock,
			temp);
	}
	for (i = 0; i < nr; i++) {
		const struct accel_client_usage *c = &rows[i].c;

		snprintf(pid, sizeof(pid), "%d", c->pid);
		csv_num(m, sizeof(m),
			c->present & (ACCEL_CLIENT_MEM_TOTAL | ACCEL_CLIENT_MEM_RESIDENT),
			"%" PRIu64, client_mem(c));
		csv_num(eng, sizeof(eng), c->present & ACCEL_CLIENT_ENGINE_TIME, "%" PRIu64,
			c->engine_ns);
		csv_num(pct, sizeof(pct), rows[i].engine_pct >= 0, "%.1f", rows[i].engine_pct);
		fprintf(f, "process,%s,", ts);
		csv_field(f, client_dev(c, dev, sizeof(dev)), false);
		csv_field(f, c->driver, false);
		fputs(",,,,,,", f);
		csv_field(f, pid, false);
		csv_field(f, user_name(c->uid, user, sizeof(user)), false);
		csv_field(f, c->comm, false);
		fprintf(f, "%s,%s,%s\n", m, eng, pct);
	}
}

/* -------------------------------------------------------------------- */
/* The terminal                                                         */
/* -------------------------------------------------------------------- */

static void restore_tty(void)
{
	if (tio_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	tio_saved = false;
	fputs("\033[?25h", stdout);	/* the cursor back */
	fflush(stdout);
}

static void raw_tty(void)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tio))
		return;
	t = saved_tio;
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	if (!tcsetattr(STDIN_FILENO, TCSANOW, &t))
		tio_saved = true;
	atexit(restore_tty);
}

/* wait for the interval or a key; a key that changes the view returns early */
static void wait_key(double secs, bool live, enum sort_key *sort)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	int ms = (int)(secs * 1000);
	char ch;

	if (!live || !tio_saved) {
		struct timespec ts = { (time_t)secs, (long)((secs - (time_t)secs) * 1e9) };

		while (!stop && nanosleep(&ts, &ts) && errno == EINTR)
			;
		return;
	}
	if (poll(&p, 1, ms) <= 0 || read(STDIN_FILENO, &ch, 1) != 1)
		return;
	switch (ch) {
	case 'q':
	case 'Q':
		stop = 1;
		break;
	case 'e':
		*sort = SORT_ENGINE;
		break;
	case 'm':
		*sort = SORT_MEM;
		break;
	case 'p':
		*sort = SORT_PID;
		break;
	case 'd':
		*sort = SORT_DEVICE;
		break;
	case 'c':
		*sort = SORT_COMMAND;
		break;
	}
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "interval", required_argument, NULL, 'i' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "sort", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char *end;
	int c;

	o->interval = 1;
	o->fmt = isatty(STDOUT_FILENO) ? FMT_LIVE : FMT_PLAIN;
	while ((c = getopt_long(argc, argv, "d:i:n:s:jcVh", lopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->device = optarg;
			break;
		case 'i':
			o->interval = strtod(optarg, &end);
			if (*end || !(o->interval >= 0.05 && o->interval <= 3600)) {
				fprintf(stderr, "%s: -i takes seconds, 0.05 to 3600\n", argv[0]);
				return 2;
			}
			break;
		case 'n':
			o->iterations = strtol(optarg, &end, 10);
			if (*end || o->iterations < 1) {
				fprintf(stderr, "%s: -n takes a count of 1 or more\n", argv[0]);
				return 2;
			}
			break;
		case 's':
			if (parse_sort(optarg, &o->sort)) {
				fprintf(stderr, "%s: unknown sort key %s\n", argv[0], optarg);
				return 2;
			}
			break;
		case 'j':
			o->fmt = FMT_JSON;
			break;
		case 'c':
			o->fmt = FMT_CSV;
			break;
		case 'V':
			printf("accel_top (libaccel %s)\n", accel_version());
			exit(0);
		case 'h':
			usage(stdout, argv[0]);
			exit(0);
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr, argv[0]);
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct accel_device **list;
	struct accel_device *only = NULL;
	struct dev_state *ds;
	struct proc_row *rows = NULL;
	int64_t t_prev = 0;
	int n = 0, nd = 0, nr = 0, i, ret;
	long iter;

	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret;
	list = accel_get_device_list(&n);
	if (!list) {
		fprintf(stderr, "accel_top: cannot list devices: %s\n", strerror(errno));
		return 1;
	}
	ds = calloc((size_t)n + 1, sizeof(*ds));
	if (!ds) {
		accel_free_device_list(list);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (o.device && strcmp(o.device, accel_device_name(list[i])))
			continue;
		ds[nd++].dev = list[i];
	}
	if (o.device) {
		if (!nd) {
			fprintf(stderr, "accel_top: no device %s\n", o.device);
			ret = 3;
			goto out;
		}
		only = ds[0].dev;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (o.fmt == FMT_LIVE) {
		raw_tty();
		fputs("\033[?25l", stdout);	/* no cursor */
	}
	/* a baseline, so the first view has rates */
	sample_devices(ds, nd);
	sample_procs(list, only, &rows, &nr, &t_prev);
	wait_key(o.interval < 0.5 ? o.interval : 0.5, false, &o.sort);
	for (iter = 0; !stop && (!o.iterations || iter < o.iterations); iter++) {
		struct winsize ws = { 0 };

		if (iter)
			wait_key(o.interval, o.fmt == FMT_LIVE, &o.sort);
		if (stop)
			break;
		sample_devices(ds, nd);
		ret = sample_procs(list, only, &rows, &nr, &t_prev);
		if (ret < 0) {
			fprintf(stderr, "accel_top: processes: %s\n", strerror(-ret));
			nr = 0;
		}
		ret = 0;
		g_sort = o.sort;
		if (nr)
			qsort(rows, (size_t)nr, sizeof(*rows), cmp_rows);
		switch (o.fmt) {
		case FMT_LIVE:
			ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws);
			fputs("\033[H\033[2J", stdout);
			print_text(stdout, ds, nd, rows, nr, ws.ws_col, ws.ws_row ? ws.ws_row - 1 : 0,
				   true, o.sort);
			break;
		case FMT_PLAIN:
			if (iter)
				putchar('\n');
			print_text(stdout, ds, nd, rows, nr, 0, 0, false, o.sort);
			break;
		case FMT_JSON:
			print_json(stdout, ds, nd, rows, nr);
			break;
		case FMT_CSV:
			print_csv(stdout, ds, nd, rows, nr, iter == 0);
			break;
		}
		fflush(stdout);
	}
	if (o.fmt == FMT_LIVE)
		restore_tty();
out:
	free(rows);
	free(ds);
	accel_free_device_list(list);
	return ret;
}

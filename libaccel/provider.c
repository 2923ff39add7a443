// SPDX-License-Identifier: MIT
/*
 * Provider registration, loading and matching, the rdma-core way.
 *
 * Providers are named in <sysconfdir>/libaccel.d/<name>.driver files (one
 * "driver <name>" line each; an absolute name is a path without the
 * suffix) and in ACCEL_PROVIDERS (names separated by ':' or ';', ignored
 * when setuid). A name loads lib<name>-accelv<PABI>.so from the provider
 * directory with RTLD_NOW; the plugin's constructor registers it through
 * accel_register_provider_<PABI>, a symbol of version ACCEL_PRIVATE_<PABI>,
 * so a plugin of another ABI is refused by the file name, by the dynamic
 * linker and by the missing registration function. Handles are never
 * closed: a provider's objects may outlive any device list.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <fnmatch.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accel_internal.h"
#include "config.h"
#include "driver_file.h"
#include "sysfs.h"

#define MAX_PROVIDERS 64

static pthread_mutex_t prov_lock = PTHREAD_MUTEX_INITIALIZER;
/* taken before prov_lock (loading registers providers) */
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct accel_provider *providers[MAX_PROVIDERS];
static size_t num_providers;
static bool loaded;

ACCEL_EXPORT void accel_register_provider(const struct accel_provider *prov)
{
	size_t i;

	pthread_mutex_lock(&prov_lock);
	for (i = 0; i < num_providers; i++)
		if (!strcmp(providers[i]->name, prov->name))
			goto out;
	if (num_providers < MAX_PROVIDERS)
		providers[num_providers++] = prov;
out:
	pthread_mutex_unlock(&prov_lock);
}

size_t accel_provider_count(void)
{
	size_t n;

	pthread_mutex_lock(&prov_lock);
	n = num_providers;
	pthread_mutex_unlock(&prov_lock);
	return n;
}

const struct accel_provider *accel_provider_at(size_t i)
{
	const struct accel_provider *p = NULL;

	pthread_mutex_lock(&prov_lock);
	if (i < num_providers)
		p = providers[i];
	pthread_mutex_unlock(&prov_lock);
	return p;
}

static bool provider_registered(const char *name)
{
	bool found = false;
	size_t i;

	pthread_mutex_lock(&prov_lock);
	for (i = 0; i < num_providers; i++)
		if (!strcmp(providers[i]->name, name))
			found = true;
	pthread_mutex_unlock(&prov_lock);
	return found;
}

/* Say why lib<name>-accelv<N>.so is missing: maybe another ABI is there. */
static void report_missing(const char *name, const char *path)
{
	char pattern[PATH_MAX];
	glob_t g;

	snprintf(pattern, sizeof(pattern), "%s/lib%s-accelv*.so",
		 accel_provider_dir(), name);
	if (glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc) {
		accel_report("provider '%s': ABI mismatch: found %s, but this libaccel needs provider ABI %d (%s)",
			     name, g.gl_pathv[0], ACCEL_PABI_VERSION, path);
	} else {
		accel_report("provider '%s': %s not found", name, path);
	}
	globfree(&g);
}

static void load_provider(const char *name)
{
	char path[PATH_MAX];
	const char *base;
	size_t before;
	void *h;

	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (!strncmp(base, "lib", 3) && strchr(name, '/'))
		base += 3;
	if (provider_registered(base))
		return;

	if (name[0] == '/')
		snprintf(path, sizeof(path), "%s%s", name, ACCEL_PROVIDER_SUFFIX);
	else
		snprintf(path, sizeof(path), "%s/lib%s%s", accel_provider_dir(),
			 name, ACCEL_PROVIDER_SUFFIX);

	before = accel_provider_count();
	h = dlopen(path, RTLD_NOW);
	if (!h) {
		const char *err = dlerror();

		if (access(path, F_OK) && name[0] != '/')
			report_missing(name, path);
		else if (err && strstr(err, "ACCEL_PRIVATE_"))
			accel_report("provider '%s': ABI mismatch: %s", base, err);
		else
			accel_report("provider '%s': cannot load: %s", base,
				     err ? err : path);
		return;
	}
	if (accel_provider_count() == before && !provider_registered(base))
		accel_report("provider '%s': %s registered no provider (ABI mismatch?)",
			     base, path);
	else
		accel_dbg("loaded provider %s from %s", base, path);
}

static void load_from_list(const char *list)
{
	char *copy = strdup(list), *save = NULL, *tok;

	if (!copy)
		return;
	for (tok = strtok_r(copy, ":;", &save); tok;
	     tok = strtok_r(NULL, ":;", &save))
		load_provider(tok);
	free(copy);
}

static void read_driver_file(const char *dir, const char *fname)
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, fname);
	/* a FIFO named foo.driver must not hang the scan: regular files only */
	fd = accel_open_regular(path, true);
	if (fd < 0)
		return;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return;
	}
	while (getline(&line, &cap, f) > 0) {
		const char *name = NULL;
		const char *p = line + strspn(line, " \t");

		switch (accel_driver_line(line, &name)) {
		case ACCEL_DRIVER_LINE_NAME:
			load_provider(name);
			break;
		case ACCEL_DRIVER_LINE_BAD:
			accel_warn("%s: unknown line '%.*s'", path,
				   (int)strcspn(p, "\n"), p);
			break;
		default:
			break;
		}
	}
	free(line);
	fclose(f);
}

static int driver_file_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 7 && !strcmp(d->d_name + n - 7, ".driver") &&
	       d->d_name[0] != '.';
}

void accel_provider_atfork(enum accel_fork_phase phase)
{
	if (phase == ACCEL_FORK_PREPARE) {
		pthread_mutex_lock(&load_lock);
		pthread_mutex_lock(&prov_lock);
	} else {
		pthread_mutex_unlock(&prov_lock);
		pthread_mutex_unlock(&load_lock);
	}
}

/* Once per process: later .driver files need a new process, as in rdma-core. */
void accel_load_providers(void)
{
	struct dirent **ents;
	const char *env, *dir;
	int i, n;

	pthread_mutex_lock(&load_lock);
	if (loaded)
		goto out;
	loaded = true;
	env = accel_getenv("ACCEL_PROVIDERS");
	if (env)
		load_from_list(env);
	dir = accel_config_dir();
	n = scandir(dir, &ents, driver_file_filter, alphasort);
	if (n < 0) {
		accel_dbg("no provider configuration in %s", dir);
		goto out;
	}
	for (i = 0; i < n; i++) {
		read_driver_file(dir, ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
out:
	/* load failures are reported by every scan, not only the first */
	accel_report_keep();
	pthread_mutex_unlock(&load_lock);
}

static bool match_ent(const struct accel_match_ent *m, struct accel_device *dev,
		      bool drm_node, int pass)
{
	char pat[64];

	switch (m->kind) {
	case ACCEL_MATCH_DRIVER:
		return pass == 0 && !drm_node && dev->driver[0] &&
		       !strcmp(m->str, dev->driver);
	case ACCEL_MATCH_DRM_DRIVER:
		return pass == 0 && drm_node && dev->driver[0] &&
		       !strcmp(m->str, dev->driver);
	case ACCEL_MATCH_PCI:
		if (pass != 1 || drm_node || !dev->info.modalias[0])
			return false;
		snprintf(pat, sizeof(pat), "pci:v%08Xd%08Xsv*", m->vendor,
			 m->device);
		return !fnmatch(pat, dev->info.modalias, 0);
	case ACCEL_MATCH_MODALIAS:
		return pass == 1 && !drm_node && dev->info.modalias[0] &&
		       !fnmatch(m->str, dev->info.modalias, 0);
	default:
		return false;
	}
}

/*
 * Driver names first across every provider, then bus ids: a provider that
 * names the kernel driver wins over one that only knows the PCI id.
 */
const struct accel_match_ent *accel_match_provider(struct accel_device *dev,
						   bool drm_node,
						   const struct accel_provider **out)
{
	size_t i, n = accel_provider_count();
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			const struct accel_provider *p = accel_provider_at(i);
			const struct accel_match_ent *m;

			for (m = p->match_table; m && m->kind != ACCEL_MATCH_END; m++) {
				if (!match_ent(m, dev, drm_node, pass))
					continue;
				if (p->match_device) {
					dev->provider = p;
					dev->match = m;
					if (!p->match_device(dev)) {
						dev->provider = NULL;
						dev->match = NULL;
						continue;
					}
				}
				*out = p;
				return m;
			}
		}
	}
	return NULL;
}

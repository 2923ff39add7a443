// SPDX-License-Identifier: MIT
/*
 * Description: the core's GEM layer (libaccel/accel_gem.h) against the
 * real kernel's GEM and PRIME on vgem. The kernel answers a PRIME import
 * of a dma-buf the file already has a handle for with that same handle,
 * also through another fd of the dma-buf; the table counts it, and the
 * handle stays open (exports, maps) until the last reference goes, then
 * is really closed (the kernel no longer knows it). Then the same through
 * the vgem provider: a dma-buf of one context imported twice into
 * another gives two BOs on one handle, and freeing one leaves the other
 * whole.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <drm.h>
#include <drm_mode.h>

#include <accel/vgemdv.h>
#include <accel_provider.h>

#include "vmtest.h"

#define SIZE (16 * 4096)

static struct accel_device *find_vgem(struct accel_device **list, int num)
{
	int i;

	for (i = 0; i < num; i++)
		if (!strcmp(accel_device_driver(list[i]), "vgem"))
			return list[i];
	t_fail("vgem is loaded but not listed");
}

static uint32_t create_dumb(int fd, void **map)
{
	struct drm_mode_create_dumb c = { .width = 4096,
					  .height = SIZE / 4096,
					  .bpp = 8 };
	struct drm_mode_map_dumb m = { 0 };

	t_assert(!ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c));
	t_assert(c.size == SIZE);
	m.handle = c.handle;
	t_assert(!ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m));
	t_ok(accel_gem_mmap(fd, m.offset, SIZE, PROT_READ | PROT_WRITE, map));
	return c.handle;
}

static ino_t inode(int fd)
{
	struct stat st;

	t_assert(!fstat(fd, &st));
	return st.st_ino;
}

/* accel_gem_* on two raw DRM files of vgem's card node */
static void check_core_table(const char *node)
{
	int exporter = open(node, O_RDWR | O_CLOEXEC);
	int fd = open(node, O_RDWR | O_CLOEXEC);
	struct accel_gem_table table;
	uint32_t src, h1, h2, h3, own;
	void *src_map, *imp_map, *own_map;
	int buf, buf2, back;

	t_assert(exporter >= 0 && fd >= 0);
	src = create_dumb(exporter, &src_map);
	t_pattern_fill(src_map, SIZE, 11);
	buf = t_ok(accel_gem_export_dmabuf(exporter, src, O_RDWR));
	t_assert(fcntl(buf, F_GETFD) & FD_CLOEXEC);
	buf2 = dup(buf);
	t_assert(buf2 >= 0);

	t_ok(accel_gem_table_init(&table, fd));
	/* the kernel's dedup, through either fd of the dma-buf */
	t_ok(accel_gem_import_dmabuf(&table, buf, &h1));
	t_ok(accel_gem_import_dmabuf(&table, buf2, &h2));
	t_assert(h1 == h2);
	t_assert(accel_gem_handle_refs(&table, h1) == 2);
	/* ... and the handle stands for the exporter's dma-buf itself */
	back = t_ok(accel_gem_export_dmabuf(fd, h1, O_RDWR));
	t_assert(inode(back) == inode(buf));
	close(back);

	/* one put: the handle is still open and maps the same pages */
	t_ok(accel_gem_handle_put(&table, h1));
	t_assert(accel_gem_handle_refs(&table, h1) == 1);
	t_ok(accel_gem_mmap_dmabuf(fd, h1, SIZE, PROT_READ | PROT_WRITE,
				   &imp_map));
	if (t_pattern_check(imp_map, SIZE, 11) >= 0)
		t_fail("the import maps other bytes");
	t_pattern_fill(imp_map, SIZE, 12);
	if (t_pattern_check(src_map, SIZE, 12) >= 0)
		t_fail("the exporter does not see the import's writes");

	/* the last put closes it in the kernel; a further put closes nothing */
	t_ok(accel_gem_handle_put(&table, h1));
	t_err(accel_gem_export_dmabuf(fd, h1, 0), ENOENT);
	t_err(accel_gem_handle_put(&table, h1), ENOENT);
	/* the mapping holds the dma-buf, not the handle */
	if (t_pattern_check(imp_map, SIZE, 12) >= 0)
		t_fail("the mapping lost its pages with the handle");
	t_ok(accel_gem_munmap(imp_map, SIZE));

	/* imported anew: a fresh handle, counted once */
	t_ok(accel_gem_import_dmabuf(&table, buf, &h3));
	t_assert(accel_gem_handle_refs(&table, h3) == 1);
	t_ok(accel_gem_handle_put(&table, h3));
	t_err(accel_gem_export_dmabuf(fd, h3, 0), ENOENT);

	/* a handle of the file's own creation, imported back from its export */
	own = create_dumb(fd, &own_map);
	t_ok(accel_gem_handle_add(&table, own));
	back = t_ok(accel_gem_export_dmabuf(fd, own, O_RDWR));
	t_ok(accel_gem_import_dmabuf(&table, back, &h1));
	close(back);
	t_assert(h1 == own);
	t_assert(accel_gem_handle_refs(&table, own) == 2);
	t_ok(accel_gem_handle_put(&table, own));
	back = t_ok(accel_gem_export_dmabuf(fd, own, 0));
	close(back);
	t_ok(accel_gem_handle_put(&table, own));
	t_err(accel_gem_export_dmabuf(fd, own, 0), ENOENT);
	t_ok(accel_gem_munmap(own_map, SIZE));

	accel_gem_table_fini(&table);
	t_ok(accel_gem_munmap(src_map, SIZE));
	close(buf);
	close(buf2);
	close(fd);
	close(exporter);
}

/* the same through the vgem provider, across two contexts */
static void check_provider(struct accel_device *dev)
{
	struct accel_context *a, *b;
	struct accel_bo *src, *i1, *i2, *i3;
	uint32_t h1, h2, h3;
	uint8_t *p, *q;
	int fd, out;

	a = t_ptr(accel_open_device(dev));
	b = t_ptr(accel_open_device(dev));
	src = t_ptr(accel_bo_alloc(a, SIZE, 0));
	p = t_ptr(accel_bo_map(src));
	t_pattern_fill(p, SIZE, 21);
	fd = t_ok(accel_bo_export_dmabuf(src, O_RDWR));

	i1 = t_ptr(accel_bo_import_dmabuf(b, fd));
	i2 = t_ptr(accel_bo_import_dmabuf(b, fd));
	t_assert(i1 != i2);
	t_ok(vgemdv_bo_handle(i1, &h1));
	t_ok(vgemdv_bo_handle(i2, &h2));
	t_assert(h1 == h2);

	/* freeing one import leaves the other whole */
	t_ok(accel_bo_free(i1));
	q = t_ptr(accel_bo_map(i2));
	if (t_pattern_check(q, SIZE, 21) >= 0)
		t_fail("the remaining import reads other bytes");
	out = t_ok(accel_bo_export_dmabuf(i2, O_RDWR));
	close(out);
	t_pattern_fill(q, SIZE, 22);
	if (t_pattern_check(p, SIZE, 22) >= 0)
		t_fail("the exporter does not see the import's writes");

	/* both gone: the handle is closed, a new import counts afresh */
	t_ok(accel_bo_free(i2));
	i3 = t_ptr(accel_bo_import_dmabuf(b, fd));
	t_ok(vgemdv_bo_handle(i3, &h3));
	q = t_ptr(accel_bo_map(i3));
	if (t_pattern_check(q, SIZE, 22) >= 0)
		t_fail("a new import reads other bytes");
	t_ok(accel_bo_free(i3));

	close(fd);
	t_ok(accel_bo_free(src));
	t_ok(accel_close_device(b));
	t_ok(accel_close_device(a));
}

int main(void)
{
	struct accel_device **list, *dev;
	int num;

	t_require_vm();
	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	list = t_ptr(accel_get_device_list(&num));
	dev = find_vgem(list, num);
	check_core_table(accel_device_node(dev));
	check_provider(dev);
	accel_free_device_list(list);
	t_info("ok");
	return T_PASS;
}

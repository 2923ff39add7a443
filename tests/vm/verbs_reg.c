// SPDX-License-Identifier: MIT
/*
 * Description: accel_verbs_reg_bo() on rxe. rxe takes no dma-buf MRs, so
 * for a soft BO the dma-buf attempt must answer EOPNOTSUPP and be reported
 * as such; without the fallback flag the call fails with EOPNOTSUPP, with
 * it the host mapping is registered (iova = CPU address of the range, for
 * whole BOs and for ranges). HOST_ONLY skips the dma-buf. A vgem BO's
 * mapping is not ordinary memory: the fallback fails with the kernel's
 * EFAULT. A vaccel BO (kmod/vaccel, when built: its dma-buf refused
 * alike) maps ordinary pages, so its fallback registration works.
 * Bad arguments answer EINVAL, dead BOs ESTALE.
 * Usage: vm_verbs_reg [VACCEL_KO]
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <accel/accel_verbs.h>

#include "vaccel_util.h"
#include "vm_rxe.h"

/* vaccel's mapping can be pinned (the kernel's ib_umem_get) */
static void check_vaccel(struct ibv_pd *pd, const char *ko, int access)
{
	struct accel_verbs_mr *amr;
	struct accel_context *ctx;
	struct accel_bo *bo;
	struct stat st;

	if (!ko || stat(ko, &st)) {
		t_info("vaccel.ko not built: its BOs not checked");
		return;
	}
	vx_load(ko, NULL);
	ctx = t_open_provider("vaccel");
	bo = t_ptr(accel_bo_alloc(ctx, 65536, ACCEL_BO_HOST_VISIBLE));
	t_null(accel_verbs_reg_bo(pd, bo, 0, 0, access, 0), EOPNOTSUPP);
	amr = t_ptr(accel_verbs_reg_bo(pd, bo, 4096, 0, access,
				       ACCEL_VERBS_REG_HOST_FALLBACK));
	t_assert(amr->path == ACCEL_VERBS_PATH_HOST);
	t_assert(amr->fallback == ACCEL_VERBS_FALLBACK_NIC);
	t_assert(amr->dmabuf_errno == EOPNOTSUPP);
	t_assert(amr->host_addr == (uint8_t *)t_ptr(accel_bo_map(bo)) + 4096);
	t_assert(amr->mr && amr->mr->length == 65536 - 4096);
	t_ok(accel_verbs_dereg_mr(amr));
	t_ok(accel_bo_free(bo));
	t_ok(accel_close_device(ctx));
	if (t_rmmod("vaccel"))
		t_fail("rmmod vaccel after closing its context");
}

int main(int argc, char **argv)
{
	const int access = IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE;
	struct accel_context *soft, *vgem;
	struct accel_verbs_mr *amr;
	struct accel_bo *bo, *vbo;
	struct ibv_context *ib;
	struct ibv_pd *pd;
	uint8_t *map;

	t_require_vm();
	t_require_node("/dev/udmabuf", "soft's dma-buf export");
	ib = t_open_rxe();
	pd = ibv_alloc_pd(ib);
	t_assert(pd);
	setenv("ACCEL_SOFT_MEMORY", "memfd", 1);
	soft = t_open_provider("soft");
	bo = t_ptr(accel_bo_alloc(soft, 65536, ACCEL_BO_HOST_VISIBLE));

	/* the NIC refuses the dma-buf; no fallback asked: EOPNOTSUPP */
	t_null(accel_verbs_reg_bo(pd, bo, 0, 0, access, 0), EOPNOTSUPP);

	/* with the fallback: the host mapping, and why */
	amr = t_ptr(accel_verbs_reg_bo(pd, bo, 0, 0, access,
				       ACCEL_VERBS_REG_HOST_FALLBACK));
	map = t_ptr(accel_bo_map(bo));
	t_assert(amr->path == ACCEL_VERBS_PATH_HOST);
	t_assert(amr->fallback == ACCEL_VERBS_FALLBACK_NIC);
	t_assert(amr->dmabuf_errno == EOPNOTSUPP);
	t_assert(amr->length == 65536 && amr->offset == 0);
	t_assert(amr->host_addr == map);
	t_assert(amr->iova == (uint64_t)(uintptr_t)map);
	t_assert(amr->mr && amr->mr->length == 65536);
	t_assert(!strcmp(accel_verbs_path_str(amr->path), "host"));
	t_ok(accel_verbs_dereg_mr(amr));

	/* a range */
	amr = t_ptr(accel_verbs_reg_bo(pd, bo, 8192, 4096, access,
				       ACCEL_VERBS_REG_HOST_FALLBACK));
	t_assert(amr->offset == 8192 && amr->length == 4096);
	t_assert(amr->host_addr == map + 8192);
	t_assert(amr->iova == (uint64_t)(uintptr_t)(map + 8192));
	t_ok(accel_verbs_dereg_mr(amr));

	/* host only: no dma-buf attempt, so no reason recorded */
	amr = t_ptr(accel_verbs_reg_bo(pd, bo, 4096, 0, access,
				       ACCEL_VERBS_REG_HOST_ONLY));
	t_assert(amr->path == ACCEL_VERBS_PATH_HOST);
	t_assert(amr->fallback == ACCEL_VERBS_FALLBACK_NONE);
	t_assert(amr->dmabuf_errno == 0);
	t_assert(amr->length == 65536 - 4096);
	t_ok(accel_verbs_dereg_mr(amr));

	/* bad arguments */
	t_null(accel_verbs_reg_bo(NULL, bo, 0, 0, access, 0), EINVAL);
	t_null(accel_verbs_reg_bo(pd, NULL, 0, 0, access, 0), EINVAL);
	t_null(accel_verbs_reg_bo(pd, bo, 0, 0, access, 0x80), EINVAL);
	t_null(accel_verbs_reg_bo(pd, bo, 65536, 0, access,
				  ACCEL_VERBS_REG_HOST_FALLBACK), EINVAL);
	t_null(accel_verbs_reg_bo(pd, bo, 4096, 65536, access,
				  ACCEL_VERBS_REG_HOST_FALLBACK), EINVAL);
	t_err(accel_verbs_dereg_mr(NULL), EINVAL);
	t_assert(!strcmp(accel_verbs_path_str(0), "none"));

	/* vgem's mapping cannot be pinned by the NIC driver: EFAULT */
	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	vgem = t_open_provider("vgem");
	vbo = t_ptr(accel_bo_alloc(vgem, 65536, 0));
	t_null(accel_verbs_reg_bo(pd, vbo, 0, 0, access,
				  ACCEL_VERBS_REG_HOST_FALLBACK), EFAULT);
	t_ok(accel_bo_free(vbo));
	t_ok(accel_close_device(vgem));

	check_vaccel(pd, argc > 1 ? argv[1] : NULL, access);

	/* a freed BO */
	t_ok(accel_bo_free(bo));
	t_null(accel_verbs_reg_bo(pd, bo, 0, 0, access,
				  ACCEL_VERBS_REG_HOST_FALLBACK), ESTALE);

	t_ok(accel_close_device(soft));
	ibv_dealloc_pd(pd);
	ibv_close_device(ib);
	t_info("ok");
	return T_PASS;
}

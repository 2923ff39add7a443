// SPDX-License-Identifier: GPL-2.0
/*
 * vaccel - buffer objects: GEM shmem objects with a device address.
 */
#include <linux/dma-resv.h>
#include <linux/mm.h>
#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_utils.h>

#include "vaccel_drv.h"

static void vaccel_bo_free(struct drm_gem_object *obj)
{
	struct vaccel_device *vdev = to_vaccel(obj->dev);
	struct vaccel_bo *bo = to_vaccel_bo(obj);

	mutex_lock(&vdev->mm_lock);
	if (drm_mm_node_allocated(&bo->node))
		drm_mm_remove_node(&bo->node);
	mutex_unlock(&vdev->mm_lock);
	atomic64_sub(bo->accounted, &vdev->mem_used);
	drm_gem_shmem_free(&bo->base);
}

/* fdinfo's drm-resident-*: pages allocated (or an imported dma-buf) */
static enum drm_gem_object_status vaccel_bo_status(struct drm_gem_object *obj)
{
	struct drm_gem_shmem_object *shmem = to_drm_gem_shmem_obj(obj);

	if (obj->import_attach || READ_ONCE(shmem->pages))
		return DRM_GEM_OBJECT_RESIDENT;
	return 0;
}

/*
 * CPU mappings of our own BOs map the shmem pages as ordinary pages
 * (VM_MIXEDMAP, vmf_insert_page()), not as raw PFNs: drm_gem_shmem_mmap()
 * sets VM_PFNMAP and its fault handler vmf_insert_pfn(), which GUP refuses
 * (check_vma_flags(); a special pte in the fast path), so an RDMA NIC
 * could not register a mapping (ib_umem_get() -> EFAULT). The pages stay
 * allocated while mapped (mmap's get_pages, vm_open/close's counts) and
 * were allocated non-movable (__drm_gem_shmem_create()), so a
 * FOLL_LONGTERM pin needs no migration.
 */
static vm_fault_t vaccel_bo_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct drm_gem_object *obj = vma->vm_private_data;
	struct drm_gem_shmem_object *shmem = to_drm_gem_shmem_obj(obj);
	/* vm_pgoff: the fake offset, moved with vm_start by a split */
	pgoff_t page_offset = vmf->pgoff - drm_vma_node_start(&obj->vma_node);
	vm_fault_t ret = VM_FAULT_SIGBUS;

	dma_resv_lock(obj->resv, NULL);
	if (page_offset < obj->size >> PAGE_SHIFT &&
	    !drm_WARN_ON_ONCE(obj->dev, !shmem->pages) && shmem->madv >= 0)
		ret = vmf_insert_page(vma, vmf->address,
				      shmem->pages[page_offset]);
	dma_resv_unlock(obj->resv);
	return ret;
}

/* the helper's page and object references (fork, split, unmap) */
static void vaccel_bo_vm_open(struct vm_area_struct *vma)
{
	drm_gem_shmem_vm_ops.open(vma);
}

static void vaccel_bo_vm_close(struct vm_area_struct *vma)
{
	drm_gem_shmem_vm_ops.close(vma);
}

static const struct vm_operations_struct vaccel_bo_vm_ops = {
	.fault = vaccel_bo_fault,
	.open = vaccel_bo_vm_open,
	.close = vaccel_bo_vm_close,
};

/*
 * drm_gem_shmem_mmap() does the rest: an imported BO is the exporter's
 * dma_buf_mmap() (left as it is), COW mappings are refused, the pages are
 * allocated, the page protection is set (cached, as map_wc is not set).
 */
static int vaccel_bo_mmap(struct drm_gem_object *obj,
			  struct vm_area_struct *vma)
{
	bool imported = drm_gem_is_imported(obj);
	int ret;

	ret = drm_gem_shmem_object_mmap(obj, vma);
	if (ret || imported)
		return ret;
	vm_flags_mod(vma, VM_MIXEDMAP, VM_PFNMAP);
	return 0;
}

/* drm_gem_shmem_funcs, plus our free, status and mmap */
static const struct drm_gem_object_funcs vaccel_gem_funcs = {
	.free = vaccel_bo_free,
	.print_info = drm_gem_shmem_object_print_info,
	.pin = drm_gem_shmem_object_pin,
	.unpin = drm_gem_shmem_object_unpin,
	.get_sg_table = drm_gem_shmem_object_get_sg_table,
	.vmap = drm_gem_shmem_object_vmap,
	.vunmap = drm_gem_shmem_object_vunmap,
	.mmap = vaccel_bo_mmap,
	.status = vaccel_bo_status,
	.vm_ops = &vaccel_bo_vm_ops,
};

/*
 * drm_driver.gem_create_object: drm_gem_shmem_create() and the shmem PRIME
 * import both come through here, so imported BOs are vaccel_bos too. The
 * address is not allocated here: __drm_gem_shmem_create() kfree()s the
 * object on its error paths without calling .free.
 */
struct drm_gem_object *vaccel_gem_create_object(struct drm_device *drm,
						size_t size)
{
	struct vaccel_bo *bo = kzalloc(sizeof(*bo), GFP_KERNEL);

	if (!bo)
		return ERR_PTR(-ENOMEM);
	bo->base.base.funcs = &vaccel_gem_funcs;
	/*
	 * The engines write through vmap, behind the page tables' back:
	 * shmem must keep the pages' contents when it gets them back.
	 */
	bo->base.pages_mark_dirty_on_put = true;
	bo->base.pages_mark_accessed_on_put = true;
	return &bo->base.base;
}

/* The BO's device address, allocated on first use with a guard page. */
int vaccel_bo_device_addr(struct vaccel_device *vdev, struct drm_gem_object *obj,
			  u64 *addr)
{
	struct vaccel_bo *bo = to_vaccel_bo(obj);
	int ret = 0;

	mutex_lock(&vdev->mm_lock);
	if (!drm_mm_node_allocated(&bo->node))
		ret = drm_mm_insert_node_generic(&vdev->mm, &bo->node,
						 obj->size + PAGE_SIZE,
						 PAGE_SIZE, 0, DRM_MM_INSERT_BEST);
	if (!ret)
		*addr = bo->node.start;
	mutex_unlock(&vdev->mm_lock);
	return ret;
}

int vaccel_ioctl_bo_create(struct drm_device *drm, void *data,
			   struct drm_file *file)
{
	struct vaccel_device *vdev = to_vaccel(drm);
	struct drm_vaccel_bo_create *args = data;
	struct drm_gem_shmem_object *shmem;
	u64 size;
	int ret;

	if (args->flags || !args->size || args->size > vaccel_mem_size)
		return -EINVAL;
	size = PAGE_ALIGN(args->size);
	if (atomic64_add_return(size, &vdev->mem_used) > vaccel_mem_size) {
		atomic64_sub(size, &vdev->mem_used);
		return -ENOMEM;
	}
	shmem = drm_gem_shmem_create(drm, size);
	if (IS_ERR(shmem)) {
		atomic64_sub(size, &vdev->mem_used);
		return PTR_ERR(shmem);
	}
	container_of(shmem, struct vaccel_bo, base)->accounted = size;
	/*
	 * The fake offset now, before any dma-buf of the BO exists:
	 * drm_gem_prime_mmap() adds it to vm_pgoff, vaccel_bo_fault()
	 * subtracts it, so it must not change in between.
	 */
	ret = drm_gem_create_mmap_offset(&shmem->base);
	if (!ret)
		ret = drm_gem_handle_create(file, &shmem->base, &args->handle);
	drm_gem_object_put(&shmem->base);
	return ret;
}

int vaccel_ioctl_bo_info(struct drm_device *drm, void *data,
			 struct drm_file *file)
{
	struct drm_vaccel_bo_info *args = data;
	struct drm_gem_object *obj;
	int ret;

	if (args->flags)
		return -EINVAL;
	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;
	ret = vaccel_bo_device_addr(to_vaccel(drm), obj, &args->device_addr);
	if (!ret)
		ret = drm_gem_create_mmap_offset(obj);
	if (!ret) {
		args->mmap_offset = drm_vma_node_offset_addr(&obj->vma_node);
		args->size = obj->size;
	}
	drm_gem_object_put(obj);
	return ret;
}

/*
 * The first error among the BO's fences, 0 if none failed. The locked
 * iterator: the unlocked one skips signalled fences.
 */
static int vaccel_bo_job_status(struct drm_gem_object *obj, int *status)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;
	int ret;

	ret = dma_resv_lock_interruptible(obj->resv, NULL);
	if (ret)
		return ret;
	*status = 0;
	dma_resv_for_each_fence(&cursor, obj->resv, DMA_RESV_USAGE_BOOKKEEP,
				fence) {
		if (fence->error < 0) {
			*status = fence->error;
			break;
		}
	}
	dma_resv_unlock(obj->resv);
	return 0;
}

/* As ivpu_bo_wait_ioctl(), but over every usage and with ENOENT. */
int vaccel_ioctl_bo_wait(struct drm_device *drm, void *data,
			 struct drm_file *file)
{
	struct drm_vaccel_bo_wait *args = data;
	struct drm_gem_object *obj;
	unsigned long timeout;
	long ret;

	if (args->flags || args->pad)
		return -EINVAL;
	/* +1: never time out before timeout_ns */
	timeout = drm_timeout_abs_to_jiffies(args->timeout_ns) + 1;
	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;
	ret = dma_resv_wait_timeout(obj->resv, DMA_RESV_USAGE_BOOKKEEP, true,
				    timeout);
	if (ret == 0)
		ret = -ETIMEDOUT;
	else if (ret > 0)
		ret = vaccel_bo_job_status(obj, &args->job_status);
	drm_gem_object_put(obj);
	return ret;
}

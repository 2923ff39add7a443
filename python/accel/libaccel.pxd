# SPDX-License-Identifier: MIT
# The C declarations of <accel/accel.h> that the bindings use. Cython
# compiles them against the real header, so a drift is a build error.
from libc.stdint cimport uint32_t, int32_t, uint64_t, int64_t

cdef extern from "<accel/accel.h>" nogil:
    struct accel_device:
        pass
    struct accel_context:
        pass
    struct accel_bo:
        pass
    struct accel_queue:
        pass
    struct accel_monitor:
        pass

    accel_device **accel_get_device_list(int *num_devices)
    void accel_free_device_list(accel_device **list)
    const char *accel_device_name(const accel_device *dev)
    const char *accel_device_driver(const accel_device *dev)
    const char *accel_device_node(const accel_device *dev)
    const char *accel_device_provider(const accel_device *dev)
    const char *accel_device_bus_id(const accel_device *dev)

    enum:
        ACCEL_DEVICE_USERSPACE
        ACCEL_DEVICE_DRM_NODE
        ACCEL_DEVICE_UNCLAIMED
        ACCEL_DEVICE_NO_ACCESS

    struct accel_device_info:
        uint32_t flags
        uint32_t pci_vendor_id
        uint32_t pci_device_id
        uint32_t pci_subsys_vendor_id
        uint32_t pci_subsys_device_id
        int32_t numa_node
        uint32_t minor
        uint32_t major
        char modalias[128]

    int accel_device_get_info(const accel_device *dev,
                              accel_device_info *info, size_t info_size)
    int accel_get_scan_report(char *buf, size_t len)

    accel_context *accel_open_device(accel_device *dev)
    int accel_close_device(accel_context *ctx)

    enum:
        ACCEL_CAP_DMABUF_EXPORT
        ACCEL_CAP_DMABUF_IMPORT
        ACCEL_CAP_SUBMIT
        ACCEL_CAP_HOST_MAP
        ACCEL_CAP_QUEUE_FD
        ACCEL_CAP_FENCE_EXPORT
        ACCEL_CAP_FENCE_IMPORT
        ACCEL_CAP_DEPS_ASYNC
        ACCEL_CAP_CPU_PREP
        ACCEL_CAP_EXCLUSIVE_OPEN

    struct accel_device_attr:
        uint64_t comp_mask
        char driver[32]
        char provider[32]
        char fw_version[64]
        char card_name[64]
        uint32_t driver_version_major
        uint32_t driver_version_minor
        uint32_t driver_version_patch
        uint32_t caps
        uint32_t pci_vendor_id
        uint32_t pci_device_id
        uint64_t mem_total
        uint64_t mem_free
        uint64_t max_bo_size
        uint64_t bo_align
        uint32_t max_queues
        uint32_t num_engines
        uint32_t num_mem_domains
        uint32_t state
        uint32_t in_use

    enum:
        ACCEL_STATE_UNKNOWN
        ACCEL_STATE_OPERATIONAL
        ACCEL_STATE_IN_RESET
        ACCEL_STATE_MALFUNCTION
        ACCEL_STATE_NEEDS_RESET

    int accel_query_device(accel_context *ctx, accel_device_attr *attr,
                           size_t attr_size)
    int accel_describe_device(accel_device *dev, accel_device_attr *attr,
                              size_t attr_size)

    enum:
        ACCEL_BO_HOST_VISIBLE
        ACCEL_BO_DEVICE_LOCAL
        ACCEL_BO_CONTIGUOUS
        ACCEL_BO_UNCACHED

    enum:
        ACCEL_DOMAIN_HOST_VISIBLE
        ACCEL_DOMAIN_COHERENT
        ACCEL_DOMAIN_CACHED
        ACCEL_DOMAIN_WRITE_COMBINED
        ACCEL_DOMAIN_CONTIGUOUS
        ACCEL_DOMAIN_EXPORTABLE
        ACCEL_DOMAIN_IMPORTABLE
        ACCEL_DOMAIN_COMMAND
        ACCEL_DOMAIN_DEVICE_LOCAL
        ACCEL_DOMAIN_INIT_ONLY

    struct accel_mem_domain:
        uint32_t id
        uint32_t flags
        char name[32]
        uint64_t granule
        uint64_t max_bo_size
        uint64_t va_start
        uint64_t va_end
        uint64_t total
        uint64_t free

    int accel_query_mem_domains(accel_context *ctx, accel_mem_domain *domains,
                                uint32_t max, size_t entry_size)

    enum:
        ACCEL_BO_USAGE_DATA
        ACCEL_BO_USAGE_COMMAND
        ACCEL_BO_ALLOC_DOMAIN
        ACCEL_BO_ALLOC_INIT

    struct accel_bo_alloc_args:
        uint32_t comp_mask
        uint32_t flags
        uint64_t size
        uint32_t domain
        uint32_t usage
        const void *init_data
        uint64_t init_size

    accel_bo *accel_bo_alloc_ex(accel_context *ctx,
                                const accel_bo_alloc_args *args,
                                size_t args_size)
    int accel_bo_free(accel_bo *bo)
    void *accel_bo_map(accel_bo *bo)
    int accel_bo_unmap(accel_bo *bo)
    uint64_t accel_bo_size(const accel_bo *bo)
    uint64_t accel_bo_device_addr(const accel_bo *bo)

    enum:
        ACCEL_ACCESS_READ
        ACCEL_ACCESS_WRITE
        ACCEL_ACCESS_RW

    int accel_bo_cpu_prep(accel_bo *bo, uint32_t access, int64_t timeout_ns)
    int accel_bo_cpu_fini(accel_bo *bo)
    int accel_bo_export_dmabuf(accel_bo *bo, uint32_t flags)
    accel_bo *accel_bo_import_dmabuf(accel_context *ctx, int dmabuf_fd)

    enum:
        ACCEL_ENGINE_IN_ORDER
        ACCEL_ENGINE_CMD_BUFFER
        ACCEL_ENGINE_NEEDS_PROGRAM

    struct accel_engine_info:
        uint32_t id
        uint32_t flags
        char name[32]
        uint32_t count
        int32_t min_priority
        int32_t max_priority
        uint32_t max_in_flight
        uint32_t max_bos

    int accel_query_engines(accel_context *ctx, accel_engine_info *engines,
                            uint32_t max, size_t entry_size)

    enum:
        ACCEL_QUEUE_ATTR_PRIORITY
        ACCEL_QUEUE_ATTR_ENGINE
        ACCEL_QUEUE_ATTR_INSTANCE

    struct accel_queue_attr:
        uint32_t comp_mask
        uint32_t flags
        int32_t priority
        uint32_t engine
        uint32_t instance

    struct accel_bo_ref:
        accel_bo *bo
        uint32_t access
        uint32_t slot

    struct accel_fence_point:
        accel_queue *queue
        uint64_t seqno

    enum:
        ACCEL_SUBMIT_IN_FENCE
        ACCEL_SUBMIT_OUT_FENCE
        ACCEL_SUBMIT_WAIT

    struct accel_submit_ext:
        pass

    struct accel_submit_args "accel_submit":
        uint32_t comp_mask
        uint32_t flags
        accel_bo *cmd_bo
        uint64_t cmd_offset
        uint64_t cmd_size
        const accel_bo_ref *bos
        uint32_t num_bos
        uint32_t num_in_fences
        const int32_t *in_fence_fds
        int32_t *out_fence_fd
        const accel_fence_point *wait_points
        uint32_t num_wait_points
        const accel_submit_ext *ext

    accel_queue *accel_queue_create(accel_context *ctx,
                                    const accel_queue_attr *attr)
    int accel_queue_destroy(accel_queue *queue)
    int accel_submit(accel_queue *queue, const accel_submit_args *submit,
                     uint64_t *seqno)
    int accel_wait(accel_queue *queue, uint64_t seqno, int64_t timeout_ns)
    int accel_queue_get_fd(accel_queue *queue)
    int accel_queue_completed(accel_queue *queue, uint64_t *seqno)

    enum:
        ACCEL_JOB_PENDING
        ACCEL_JOB_DONE
        ACCEL_JOB_FAILED

    struct accel_job_status_t "accel_job_status":
        uint32_t state
        int32_t error
        int32_t device_error
        uint64_t provider_status
        char reason[128]

    int accel_job_status(accel_queue *queue, uint64_t seqno,
                         accel_job_status_t *status, size_t status_size)
    int accel_fence_export_sync_file(accel_queue *queue, uint64_t seqno)

    enum:
        ACCEL_MONITOR_ADD
        ACCEL_MONITOR_REMOVE

    struct accel_monitor_event:
        uint32_t type
        char name[64]
        char node[256]
        char driver[64]

    accel_monitor *accel_monitor_create()
    int accel_monitor_destroy(accel_monitor *mon)
    int accel_monitor_get_fd(accel_monitor *mon)
    int accel_monitor_receive(accel_monitor *mon, accel_monitor_event *ev,
                              size_t ev_size)

    enum accel_log_level:
        ACCEL_LOG_NONE
        ACCEL_LOG_ERR
        ACCEL_LOG_WARN
        ACCEL_LOG_INFO
        ACCEL_LOG_DEBUG

    ctypedef void (*accel_log_fn)(accel_log_level level, const char *msg,
                                  void *arg)
    void accel_set_log_level(accel_log_level level)
    accel_log_level accel_get_log_level()
    void accel_set_log_fn(accel_log_fn fn, void *arg)
    const char *accel_last_error()
    const char *accel_version()

#!/bin/bash
# Base build and test dependencies; the kernel headers of the QEMU tier's
# guest kernel (linux-image-6.12-amd64) build kmod/vaccel.
exec "$ACCEL_SRC/buildlib/install-deps.sh" linux-headers-6.12-amd64

#!/bin/bash
# Base build and test dependencies.
exec "$ACCEL_SRC/buildlib/install-deps.sh"

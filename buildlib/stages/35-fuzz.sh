#!/bin/bash
# The fuzz tier: libFuzzer targets built with clang, each run for a
# bounded time (ACCEL_FUZZ_SECONDS, default 20 s, 10 s per driver target)
# over the corpus in tests/fuzz/corpus (label fuzz). The library, its
# providers and the shim are built with fuzzer coverage, ASan and UBSan,
# so the targets that drive them through the public API are guided by
# their code and catch their memory errors (warnings are the gcc builds'
# business: -Werror stays off with clang here).
set -euo pipefail
cd "$ACCEL_SRC"
command -v clang >/dev/null || { echo "clang is not installed"; exit 1; }
CC=clang cmake -S . -B build-fuzz -DIN_PLACE=ON -DNO_MAN_PAGES=ON \
	-DENABLE_SANITIZERS=address,undefined,fuzzer-no-link -DENABLE_WERROR=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz
"$ACCEL_SRC/buildlib/ctest-count.sh" build-fuzz -L fuzz

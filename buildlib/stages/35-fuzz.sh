#!/bin/bash
# The clang tier. First the whole tree (library, providers, utilities,
# examples, every test program) is built with clang and the project's
# warning flags with -Werror, as the gcc builds are: clang warns about
# things gcc does not (-Wformat-nonliteral through a va_list, a flexible
# array's struct inside another struct, a variable used uninitialized on a
# path that only a missing noreturn makes possible). No test runs from it.
# Then the fuzz tier: libFuzzer targets built with clang, each run for a
# bounded time (ACCEL_FUZZ_SECONDS, default 20 s, 10 s per driver target)
# over the corpus in tests/fuzz/corpus (label fuzz). The library, its
# providers and the shim are built with fuzzer coverage, ASan and UBSan,
# so the targets that drive them through the public API are guided by
# their code and catch their memory errors.
set -euo pipefail
cd "$ACCEL_SRC"
command -v clang >/dev/null || { echo "clang is not installed"; exit 1; }
# kmod/vaccel is kbuild's (gcc, W=1) and the Python extension Cython's code
CC=clang cmake -S . -B build-clang -DIN_PLACE=ON -DNO_MAN_PAGES=ON \
	-DENABLE_WERROR=ON -DENABLE_PYTHON=OFF -DACCEL_KMOD_KDIR= >/dev/null
if ! cmake --build build-clang -j"$(nproc)" >build-clang/build.log 2>&1; then
	grep -E 'warning:|error:' build-clang/build.log | sort -u || tail -n 40 build-clang/build.log
	echo "FAIL: the clang build is not warning-free"
	echo "0 1 0" >> "${ACCEL_RESULTS:-/tmp}/counts"
	exit 1
fi
echo "ok: the whole tree builds with clang -Werror"
echo "1 0 0" >> "${ACCEL_RESULTS:-/tmp}/counts"
CC=clang cmake -S . -B build-fuzz -DIN_PLACE=ON -DNO_MAN_PAGES=ON \
	-DENABLE_SANITIZERS=address,undefined,fuzzer-no-link -DENABLE_WERROR=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz
"$ACCEL_SRC/buildlib/ctest-count.sh" build-fuzz -L fuzz

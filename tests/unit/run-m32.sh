#!/bin/sh
# Runs a test program built -m32: natively where the kernel runs i386
# programs (CONFIG_IA32_EMULATION), else under qemu-i386 (Debian's
# qemu-user-static, which buildlib/install-deps.sh installs), else skips.
# Usage: run-m32.sh PROGRAM [ARGS...]
bin=$1
shift
if "$bin" --list >/dev/null 2>&1; then
	exec "$bin" "$@"
fi
for q in qemu-i386-static qemu-i386; do
	if command -v "$q" >/dev/null; then
		echo "this kernel does not run i386 programs: under $q"
		exec "$q" "$bin" "$@"
	fi
done
echo "SKIP: this kernel does not run i386 programs and there is no qemu-i386 (apt-get install qemu-user-static)"
exit 77

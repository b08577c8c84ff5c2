#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the firmware test (tests/firmware) for one Cortex-M target with arm-none-eabi-g++
(newlib-nano, no start-up files, no libatomic, no shim of any kind), then:

1. inspects the linked image's symbols: no allocator (malloc, _sbrk, operator new, ...), no
   exception or abort machinery (std::__throw_*, __cxa_*, _Unwind_*, abort, raise), no
   out-of-line atomics (__atomic_*, __sync_*): fails if any is there;
2. reports .text and fails over --text-limit (a regression ceiling, bytes);
3. runs it under qemu-system-arm with semihosting, checks that it printed the S3
   documentation's URL (twice: cache miss, then hit) and OK, and that the stack one presign()
   used (painted, measured on the target) is within --stack-limit bytes;
4. prints the largest -fstack-usage frames, for whoever works on the stack budget.
"""
import argparse
import pathlib
import re
import subprocess
import sys

DOCUMENTED_URL = (
    "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
    "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")

# Symbols a firmware that signs must not contain (demangled names, matched as regexes).
FORBIDDEN = [
    r"^_?malloc$", r"^_malloc_r$", r"^_?free$", r"^_free_r$", r"^_?realloc", r"^_?calloc",
    r"^_?sbrk$", r"^_sbrk_r$", r"^operator new", r"^operator delete",
    r"^abort$", r"^raise$", r"^_?signal", r"^std::__throw_", r"^__cxa_", r"^__gxx_personality",
    r"^_Unwind_", r"^__aeabi_unwind_cpp", r"^__atomic_", r"^__sync_",
]

WARNINGS = ["-Wall", "-Wextra", "-Wpedantic", "-Werror", "-Wconversion", "-Wsign-conversion",
            "-Wshadow"]


def run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        sys.exit(f"firmware: {' '.join(cmd)}\nfailed with status {proc.returncode}:\n"
                 f"{proc.stdout}{proc.stderr}")
    return proc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxx", default="arm-none-eabi-g++")
    ap.add_argument("--source-dir", required=True, help="the presign checkout")
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--cpu-flags", required=True, help="e.g. '-mcpu=cortex-m4 -mthumb'")
    ap.add_argument("--define", action="append", default=[])
    ap.add_argument("--machine", required=True, help="qemu-system-arm -M value")
    ap.add_argument("--qemu", default="qemu-system-arm")
    ap.add_argument("--text-limit", type=int, required=True)
    ap.add_argument("--stack-limit", type=int, required=True)
    args = ap.parse_args()

    src = pathlib.Path(args.source_dir).resolve()
    fw = src / "tests" / "firmware"
    out = pathlib.Path(args.build_dir).resolve() / args.name
    out.mkdir(parents=True, exist_ok=True)
    elf = out / "firmware.elf"
    flags = (args.cpu_flags.split() + ["-std=c++20", "-Os", "-fno-exceptions", "-fno-rtti",
             "-ffunction-sections", "-fdata-sections", "-fstack-usage"] + WARNINGS +
             ["-D" + d for d in args.define] + ["-I", str(src / "include")])
    objects = []
    for source in ("startup.cpp", "firmware_main.cpp"):
        obj = out / (source + ".o")
        run([args.cxx, *flags, "-c", str(fw / source), "-o", str(obj)], cwd=out)
        objects.append(str(obj))
    run([args.cxx, *args.cpu_flags.split(), "-nostartfiles", "--specs=nano.specs",
         "-Wl,--gc-sections", "-Wl,-T," + str(fw / "firmware.ld"), "-Wl,-Map," + str(out / "map"),
         *objects, "-o", str(elf)])
    failures = []

    nm = run(["arm-none-eabi-nm", "-C", str(elf)]).stdout
    names = [line.split(None, 2)[-1] for line in nm.splitlines() if line.strip()]
    bad = sorted({n for n in names for f in FORBIDDEN if re.search(f, n)})
    print(f"firmware {args.name}: {len(names)} symbols, forbidden ones: {bad or 'none'}")
    if bad:
        failures.append("forbidden symbols in the image: " + ", ".join(bad))

    sizes = {}
    for line in run(["arm-none-eabi-size", "-A", str(elf)]).stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            sizes[parts[0]] = int(parts[1])
    text, data, bss = sizes.get(".text", 0), sizes.get(".data", 0), sizes.get(".bss", 0)
    print(f"firmware {args.name}: .text {text} B ({text / 1024:.1f} KiB), .data {data}, "
          f".bss {bss}; ceiling {args.text_limit}")
    if text > args.text_limit:
        failures.append(f".text {text} > {args.text_limit}")

    # -fstack-usage lines: "file:line:column:function<TAB>bytes<TAB>static|dynamic[,bounded]".
    frames = []
    for su in out.glob("*.su"):
        for line in su.read_text().splitlines():
            fields = line.split("\t")
            if len(fields) == 3 and fields[1].isdigit():
                frames.append((int(fields[1]), fields[0].split(":", 3)[-1], fields[2]))
    frames.sort(reverse=True)
    for size, fn, kind in frames[:6]:
        print(f"firmware {args.name}: frame {size:5d} B {kind:8s} {fn[:110]}")

    try:
        proc = subprocess.run([args.qemu, "-M", args.machine, "-nographic", "-monitor", "none",
                               "-serial", "none", "-semihosting-config", "enable=on,target=native",
                               "-kernel", str(elf)], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        failures.append("QEMU timed out")
        proc = None
    if proc is not None:
        lines = proc.stdout.splitlines()
        for line in lines:
            print(f"firmware {args.name}: target says: {line[:120]}")
        if proc.returncode != 0:
            failures.append(f"QEMU exit status {proc.returncode}: {proc.stderr.strip()[:300]}")
        if lines[:2] != [DOCUMENTED_URL, DOCUMENTED_URL] or "OK: documented URL" not in lines:
            failures.append("the target did not print the documented URL twice and OK")
        stack = [int(m.group(1)) for line in lines for m in [re.match(r"stack: (\d+) bytes$", line)] if m]
        if not stack:
            failures.append("no stack figure")
        else:
            print(f"firmware {args.name}: stack of one presign(): {stack[0]} B "
                  f"({stack[0] / 1024:.2f} KiB); ceiling {args.stack_limit}")
            if stack[0] > args.stack_limit:
                failures.append(f"stack {stack[0]} > {args.stack_limit}")

    for f in failures:
        print(f"firmware {args.name}: FAIL: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

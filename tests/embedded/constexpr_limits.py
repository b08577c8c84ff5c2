#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The compile-time profile holds with the compiler's default constexpr limits.

1. No build file raises a constexpr limit (-fconstexpr-steps, -fconstexpr-ops-limit,
   -fconstexpr-loop-limit, -fconstexpr-depth, ...): CMake files, tools/, .ci/ and the
   build's own CMAKE_CXX_FLAGS (given after --).
2. The S3 documentation example presigned in a static_assert (tests/static/
   static_presigner.cpp) compiles with `CXX -std=c++20 -fsyntax-only`, the include dir and only
   the build flags that choose a standard library (-stdlib=...): nothing else.
"""
import argparse
import os
import subprocess
import sys

NEEDLE = "-fconstexpr"


def scan(source_dir):
    hits = []
    this = os.path.abspath(__file__)
    for root, dirs, files in os.walk(source_dir):
        dirs[:] = [d for d in dirs if d not in (".git", "build") and not d.startswith("build-")]
        for name in files:
            if not (name == "CMakeLists.txt" or name.endswith((".cmake", ".sh", ".py", ".in"))
                    or root.endswith(os.path.join(source_dir, ".ci"))):
                continue
            path = os.path.join(root, name)
            if os.path.abspath(path) == this:
                continue
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    for n, line in enumerate(f, 1):
                        if NEEDLE in line:
                            hits.append(f"{path}:{n}: {line.strip()}")
            except OSError:
                pass
    return hits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--static-test", required=True)
    ap.add_argument("build_flags", nargs="*")
    args = ap.parse_args()

    status = 0
    hits = scan(args.source_dir)
    hits += [f"CMAKE_CXX_FLAGS: {f}" for f in args.build_flags if f.startswith(NEEDLE)]
    for h in hits:
        print(f"FAIL: a constexpr limit is raised: {h}")
        status = 1
    stdlib = [f for f in args.build_flags if f.startswith("-stdlib=")]
    cmd = [args.cxx, "-std=c++20", *stdlib, "-fsyntax-only",
           "-I", os.path.join(args.source_dir, "include"), args.static_test]
    print("$ " + " ".join(cmd))
    r = subprocess.run(cmd, capture_output=True, text=True)
    sys.stdout.write(r.stdout)
    sys.stdout.write(r.stderr[-4000:])
    if r.returncode != 0:
        print("FAIL: the constexpr presign does not compile with the default limits")
        status = 1
    else:
        print("OK: compiles with the default constexpr limits")
    return status


if __name__ == "__main__":
    sys.exit(main())

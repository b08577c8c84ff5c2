#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Measures the code the embedded profile pays for presigning, two ways:

1. object: the sum of the .text* sections of the object file compiled from
   embedded_presign.cpp (-ffunction-sections: one section per function). That translation
   unit holds only the presign entry point and what the single header instantiates for it,
   so every byte of it is presign code; the largest functions are listed (objdump -t).
2. linked: .text of the linked program minus .text of the same program linked with a stub
   presign (both with --gc-sections), i.e. what presigning adds to a real executable.

Fails when the object measure is over --limit (a regression ceiling); prints the goal too.
"""
import argparse
import re
import subprocess
import sys


def text_of_object(path):
    out = subprocess.run(["size", "-A", path], check=True, capture_output=True, text=True).stdout
    total = 0
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".text") and parts[1].isdigit():
            total += int(parts[1])
    return total


def text_of_program(path):
    # The .text section alone (Berkeley `size` would add .rodata, .eh_frame and the rest).
    return text_of_object(path)


def short(name):
    """A demangled name without parameter lists and template arguments, which are long, except
    a lambda's call operator's (the writer type tells two instantiations apart)."""
    out, depth = [], 0
    for c in name.replace("presign::v0::", "").replace("operator()", "operator\0"):
        if c in "(<":
            depth += 1
        if depth == 0:
            out.append(c)
        if c in ")>":
            depth -= 1
    text = "".join(out).replace("operator\0", "operator()").replace(" const", "")
    lambda_call = re.search(r"::operator\(\)<([^<>]*)>\(", name)
    if lambda_call:
        text += "<" + lambda_call.group(1).replace("presign::v0::", "") + ">"
    return text[:110]


def largest(path, n):
    # objdump -t names each function's section: aliases that share one (a constructor's
    # complete- and base-object symbols, say) are one piece of code and are listed once.
    out = subprocess.run(["objdump", "-t", "-C", path], check=True, capture_output=True,
                         text=True).stdout
    rows = {}
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]+) .{6}F (\.text\S*)\t([0-9a-f]+) (.*)$", line)
        if m:
            rows.setdefault((m.group(2), m.group(1)), (int(m.group(3), 16), short(m.group(4))))
    return sorted(rows.values(), reverse=True)[:n]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--object", required=True)
    ap.add_argument("--program", required=True)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--limit", type=int, required=True)
    ap.add_argument("--goal", type=int, default=16384)
    args = ap.parse_args()

    obj = text_of_object(args.object)
    program = text_of_program(args.program)
    baseline = text_of_program(args.baseline)
    print(f"presign code, object .text* sum:      {obj} bytes ({obj / 1024:.1f} KiB)")
    print(f"presign code, linked program delta:   {program - baseline} bytes "
          f"({program} - {baseline} of the stub program)")
    print(f"goal: <= {args.goal} bytes; regression ceiling: {args.limit} bytes")
    print("largest functions (bytes; names without parameters or template arguments):")
    for size, name in largest(args.object, 12):
        print(f"  {size:6d}  {name}")
    if obj > args.goal:
        print(f"NOTE: over the {args.goal}-byte goal by {obj - args.goal} bytes")
    if obj > args.limit:
        print(f"FAIL: {obj} bytes is over the regression ceiling of {args.limit}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

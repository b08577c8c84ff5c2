#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tools/amalgamate.py inlines every presign include, also one with a trailing comment (such a
line was once copied verbatim: the single header then included a file it does not ship), and
stops on a presign include it cannot inline instead of copying it."""
import importlib.util
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("amalgamate", ROOT / "tools" / "amalgamate.py")
amalgamate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(amalgamate)

failures = 0


def check(what, ok):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    failures += not ok


with tempfile.TemporaryDirectory() as tmp:
    inc = pathlib.Path(tmp)
    (inc / "presign").mkdir()
    (inc / "presign" / "leaf.hpp").write_text("int leaf_marker;\n")
    (inc / "presign" / "top.hpp").write_text(
        '#include "presign/leaf.hpp"  // why it is needed\n'
        '#  include "presign/leaf.hpp" /* again */\n')
    (inc / "presign" / "bad.hpp").write_text('#include <presign/leaf.hpp>\n')
    amalgamate.INCLUDE_DIR = inc
    out = []
    amalgamate.expand("presign/top.hpp", set(), out)
    text = "".join(out)
    check("an include with a trailing // comment is inlined", "int leaf_marker;" in text)
    check("no #include of a presign header is left", "\n#include" not in "\n" + text
          and "#  include" not in text)
    check("the second include is a breadcrumb", "(already included above)" in text)
    try:
        amalgamate.expand("presign/bad.hpp", set(), [])
        check("an include it cannot inline stops the script", False)
    except SystemExit as e:
        check("an include it cannot inline stops the script (names it)",
              "cannot inline" in str(e))

sys.exit(1 if failures else 0)

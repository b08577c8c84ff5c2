#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# README code is built code: every ```cpp, ```cmake and ```make block in README.md must be,
# line for line, a region of an example or a packaging consumer that the tests build and run.
"""Check README.md's code blocks against marked regions of built sources.

A region is marked in a source file by a comment line ``readme: begin NAME`` (after ``//`` or
``#``) and ends at the next ``readme: end``. Regions are compared after removing their common
indentation. Every region must appear in the README too, so an example cannot drift from its
README copy unnoticed in either direction.

Usage: check_readme_snippets.py PRESIGN_SOURCE_DIR
"""
from __future__ import annotations

import pathlib
import re
import sys
import textwrap

CHECKED_LANGUAGES = {"cpp", "cmake", "make"}
SOURCES = ["examples/*.cpp", "examples/*.cmake", "examples/web_app/*.cpp",
           "tests/packaging/*/CMakeLists.txt", "tests/packaging/*/Makefile",
           "tests/packaging/*/*.cpp"]
BEGIN = re.compile(r"^\s*(?://|#)\s*readme: begin (\S+)\s*$")
END = re.compile(r"^\s*(?://|#)\s*readme: end\s*$")
FENCE = re.compile(r"^```(\w*)\s*$")


def regions(root: pathlib.Path) -> dict[str, tuple[str, str]]:
    """name -> (file, dedented text) for every marked region."""
    found: dict[str, tuple[str, str]] = {}
    for pattern in SOURCES:
        for path in sorted(root.glob(pattern)):
            rel = str(path.relative_to(root))
            name = None
            lines: list[str] = []
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if (m := BEGIN.match(line)) is not None:
                    if name is not None:
                        raise SystemExit(f"{rel}:{number}: region {m[1]} inside region {name}")
                    name, lines = m[1], []
                elif END.match(line):
                    if name is None:
                        raise SystemExit(f"{rel}:{number}: 'readme: end' without a begin")
                    if name in found:
                        raise SystemExit(f"{rel}:{number}: region {name} also in {found[name][0]}")
                    found[name] = (rel, textwrap.dedent("\n".join(lines)).strip("\n"))
                    name = None
                elif name is not None:
                    lines.append(line)
            if name is not None:
                raise SystemExit(f"{rel}: region {name} is not closed")
    return found


def readme_blocks(readme: pathlib.Path) -> list[tuple[int, str, str]]:
    """(line, language, text) for every fenced block."""
    blocks = []
    language = None
    start = 0
    lines: list[str] = []
    for number, line in enumerate(readme.read_text(encoding="utf-8").splitlines(), 1):
        m = FENCE.match(line)
        if language is None and m is not None:
            language, start, lines = m[1], number, []
        elif language is not None and line.strip() == "```":
            blocks.append((start, language, "\n".join(lines).strip("\n")))
            language = None
        elif language is not None:
            lines.append(line)
    return blocks


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    marked = regions(root)
    by_text = {text: name for name, (_, text) in marked.items()}
    blocks = readme_blocks(root / "README.md")
    failures = 0
    seen = set()
    checked = 0
    for line, language, text in blocks:
        if language not in CHECKED_LANGUAGES:
            continue
        checked += 1
        name = by_text.get(text)
        if name is None:
            failures += 1
            print(f"README.md:{line}: this ```{language} block is not a marked region of any "
                  "built example or consumer (mark it with 'readme: begin NAME' / 'readme: end')")
            continue
        seen.add(name)
    for name, (rel, _) in sorted(marked.items()):
        if name not in seen:
            failures += 1
            print(f"{rel}: region {name} does not appear in README.md (or differs from it)")
    print(f"check_readme_snippets: {checked} README blocks, {len(marked)} regions, "
          f"{failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

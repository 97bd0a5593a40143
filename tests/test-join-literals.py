#!/usr/bin/env python3
"""Tests for tests/join-literals.py: which split literals it joins."""
import importlib.util
import os
import sys

spec = importlib.util.spec_from_file_location(
    "join_literals",
    os.path.join(os.path.dirname(os.path.abspath(__file__)),
                 "join-literals.py"))
jl = importlib.util.module_from_spec(spec)
spec.loader.exec_module(jl)

CASES = [
    ('f("a "\n    "b");\n', 'f("a b");\n'),
    # a hex or short octal escape the next literal would extend: kept
    ('s = "\\xa5"\n    "b";\n', None),
    ('s = "\\12"\n    "3";\n', None),
    # an escaped backslash before x is no escape: joined
    ('s = "x\\\\x"\n    "ab";\n', 's = "x\\\\xab";\n'),
    ('s = "\\xa5"\n    " b";\n', 's = "\\xa5 b";\n'),
    # a line of help text ending in \\n stays a line
    ('h = "one\\n"\n    "two";\n', None),
    # prefixed literals and comments are left alone
    ('w = L"a"\n    L"b";\n', None),
    ('/* "a"\n "b" */\n', None),
]


def main():
    failed = 0
    for i, (src, want) in enumerate(CASES, 1):
        got = jl.join(src)
        want = src if want is None else want
        if got != want:
            failed += 1
            print("case %d: got %r, want %r" % (i, got, want))
    print("%d passed, %d failed" % (len(CASES) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

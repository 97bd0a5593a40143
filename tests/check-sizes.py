#!/usr/bin/env python3
"""Lists product .c files over 800 lines and functions over 100 lines.

STYLE.md: no product .c file over ~800 lines and no function over ~100
lines without a comment saying why. A function may carry the comment
"long: <why>" in the lines above it to be allowed; a file may carry
"long file: <why>" in its first comment. Exits 1 when anything else is
over. Usage: check-sizes.py ROOT
"""
import os
import re
import sys

FILE_MAX = 800
FUNC_MAX = 100
START = re.compile(r'^([a-z_][a-z0-9_]*)\(')


def functions(lines):
    """Yields (name, first line, length, comment above) for each function
    definition written in the project's style: the name at column 0 on
    the line after its return type, the body's braces at column 0."""
    i = 0
    while i < len(lines):
        m = START.match(lines[i])
        if m and i + 1 < len(lines):
            j = i
            while j < len(lines) and lines[j] != '{':
                if lines[j].endswith(';'):
                    break
                j += 1
            if j < len(lines) and lines[j] == '{':
                k = j
                while k < len(lines) and lines[k] != '}':
                    k += 1
                above = '\n'.join(lines[max(0, i - 12):i])
                yield m.group(1), i + 1, k - j + 1, above
                i = k
        i += 1


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else '.'
    bad = 0
    for top in ('agent', 'checks', 'reporter'):
        for d, _, names in os.walk(os.path.join(root, top)):
            for n in sorted(names):
                if not n.endswith('.c'):
                    continue
                p = os.path.join(d, n)
                with open(p, encoding='utf-8') as f:
                    text = f.read()
                lines = text.split('\n')
                rel = os.path.relpath(p, root)
                if len(lines) > FILE_MAX and 'long file:' not in text[:2000]:
                    print(f'{rel}: {len(lines)} lines (over {FILE_MAX})')
                    bad += 1
                for name, line, length, above in functions(lines):
                    if length > FUNC_MAX and 'long:' not in above:
                        print(f'{rel}:{line}: {name}() is {length} lines '
                              f'(over {FUNC_MAX})')
                        bad += 1
    if bad:
        print(f'{bad} over; split them, or say why with a "long:" comment')
        print('0 passed, 1 failed')
        return 1
    print('1 passed, 0 failed')
    return 0


if __name__ == '__main__':
    sys.exit(main())

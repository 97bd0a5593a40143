#!/usr/bin/env python3
"""Joins C string literals split across lines ("a "\n    "b" -> "a b").

STYLE.md: a user-visible message stays whole so it can be found with grep.
Only two plain literals separated by nothing but whitespace and a line
break are joined; literals next to macros (PRIu64) or with prefixes (L"",
u8"") are left alone. With --check it changes nothing and exits 1 when a
split literal remains (the style.literals test). Usage:
  tests/join-literals.py [--check] FILE...
"""
import re
import sys

def escape_grows(text, end, following):
    """True when the literal closing at text[end] ends in a hex or short
    octal escape the next literal's first character would extend ("\xa5"
    "b" is not "\xa5b", which C reads as one escape)."""
    m = re.search(r'(\\+)(x[0-9a-fA-F]+|[0-7]{1,2})$', text[:end])
    if not m or len(m.group(1)) % 2 == 0 or not following:
        return False
    digits = "0123456789abcdefABCDEF" if m.group(2)[0] == "x" else "01234567"
    return following[0] in digits


def join(text):
    """The text with split plain literals in code joined."""
    i, n = 0, len(text)
    state = None  # None, 'str', 'pstr', 'chr', 'line', 'block'
    res = []
    while i < n:
        c = text[i]
        if state is None:
            if text.startswith('//', i):
                state = 'line'
            elif text.startswith('/*', i):
                state = 'block'
            elif c == "'":
                state = 'chr'
            elif c == '"':
                prev = text[i - 1] if i > 0 else ''
                if prev.isalnum() or prev == '_':  # L"", u8"", R"" prefixes
                    state = 'pstr'
                else:
                    state = 'str'
            res.append(c)
            i += 1
            continue
        if state in ('str', 'pstr', 'chr'):
            q = '"' if state != 'chr' else "'"
            if c == '\\':
                res.append(text[i:i + 2])
                i += 2
                continue
            if c == q:
                # a literal that ends a line of text ("...\\n") is split on
                # purpose: help text and man pages keep one line per line
                if state == 'str' and not text.endswith('\\n', 0, i):
                    m = re.match(r'"[ \t]*\n[ \t]*"', text[i:])
                    if m and not escape_grows(text, i, text[i + m.end():]):
                        # drop the closing quote, the break and the opening
                        i += m.end()
                        continue
                state = None
            res.append(c)
            i += 1
            continue
        if state == 'line':
            if c == '\n':
                state = None
            res.append(c)
            i += 1
            continue
        if state == 'block':
            if text.startswith('*/', i):
                res.append('*/')
                i += 2
                state = None
                continue
            res.append(c)
            i += 1
    return ''.join(res)


def main(argv):
    check = '--check' in argv
    files = [a for a in argv if a != '--check']
    bad = 0
    for f in files:
        with open(f, encoding='utf-8') as fh:
            text = fh.read()
        new = join(text)
        if new != text:
            if check:
                bad += 1
                print(f'{f}: a string literal is split across lines; join it (tests/join-literals.py {f})')
            else:
                with open(f, 'w', encoding='utf-8') as fh:
                    fh.write(new)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

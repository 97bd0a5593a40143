#!/usr/bin/env python3
"""Finds lexicon phrases that write several words as one alternative.

The phrase syntax (policies/lexicons/threats-words.yaml's header) reads
"told|'ve told|have told" as three elements, "told|'ve", "told|have" and
"told", not as three alternatives: such a line never matches what it
meant (six did not, until the thirteenth session, among them endorse
lines of rounds 60-77). The sign is two alternations in a row that
share a word. A line doing so on purpose (two weapon emoji in a row)
says so in a comment line right above it containing "shared on
purpose". Exits 1 and names file and line of each other one.
Usage: check-lexicon-alternatives.py ROOT
"""
import glob
import os
import re
import sys

ENTRY = re.compile(r'^\s*-\s+"?([^"#]*)')


def suspects(path):
    """Yields (line number, phrase) of each phrase to fix in path."""
    prev = ""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = ENTRY.match(line)
            if m and "shared on purpose" not in prev:
                alts = [set(t.split("|")) if "|" in t else None
                        for t in m.group(1).split()]
                if any(a and b and a & b for a, b in zip(alts, alts[1:])):
                    yield n, m.group(1).strip()
            prev = line


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    bad = 0
    for path in sorted(glob.glob(os.path.join(root, "policies", "lexicons", "*.yaml"))):
        if path.endswith("-model.yaml"):
            continue
        for n, phrase in suspects(path):
            print("%s:%d: '%s': two alternations in a row share a word; write each "
                  "form of several words on its own line" % (path, n, phrase))
            bad += 1
    print("%d phrase(s) to split" % bad if bad else "lexicon alternatives: ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

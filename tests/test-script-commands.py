#!/usr/bin/env python3
"""Tests for tests/script-commands.py: which words it takes for programs.

Each case is a small shell script and the programs style.deps must see in
it, no more and no fewer (a word taken wrongly fails style.deps with a
program no package installs; a word missed hides a missing package).
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

CASES = [
    # An apostrophe inside a $( ) that sits inside a double-quoted word.
    ('foo || not_ok "owner: $(sh_q "$F1.get(\'owner\')")"\nsort x | uniq\n',
     {"foo", "not_ok", "sh_q", "sort", "uniq"}),
    # An apostrophe in a comment inside a multi-line "$( )".
    ('y="$(\n  # the file\'s owner\n  stat -c %U foo)"\n'
     'z=$(printf \'%s\' "it\'s") ; cut -d: -f1 x\n',
     {"stat", "cut"}),
    # Apostrophes in comments and quoted strings, case patterns.
    ("# the office's key\nx=$(grep foo bar) # it's fine\n"
     "echo \"don't\" | sed s/a/b/\ncase \"$x\" in\n"
     "  a) awk '{print}' ;; # o'clock\nesac\njq . file\n",
     {"grep", "sed", "awk", "jq"}),
    # Wrappers name the program they run; heredoc bodies are not commands.
    ("timeout 5 curl -s x\ncat <<EOF\nrm -rf /\nEOF\n",
     {"timeout", "curl", "cat"}),
]


def programs(script):
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
        f.write("#!/bin/bash\n" + script)
    try:
        out = subprocess.run([sys.executable,
                              os.path.join(HERE, "script-commands.py"),
                              f.name], capture_output=True, text=True,
                             check=True).stdout
    finally:
        os.unlink(f.name)
    return {line.split("\t")[0] for line in out.splitlines()}


def main():
    failed = 0
    for i, (script, want) in enumerate(CASES, 1):
        got = programs(script)
        if got != want:
            failed += 1
            print(f"case {i}: got {sorted(got)}, want {sorted(want)}")
        else:
            print(f"case {i}: ok")
    print(f"{len(CASES) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

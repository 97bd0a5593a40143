#!/usr/bin/env python3
"""Prints a report's findings normalised for comparison with a golden file.

One line per finding: check, rule, severity, route and subject (and
"accepted" when the office accepted it), with the
paths and URLs of this run (the source tree, the demo folder, the
emulator's address) replaced by @SRC@, @WORK@ and @EMU@, and keyed
hashes under this run's office key ("sender #1a2b3c4d5e6f") by @HASH@,
sorted.
Usage: findings-digest.py REPORT_JSON SRC WORK
"""
import json
import re
import sys


def main():
    path, src, work = sys.argv[1:4]
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    lines = []
    for f in report["findings"]:
        subject = f["subject"]
        subject = re.sub(r"https://127\.0\.0\.1:[0-9]+", "@EMU@", subject)
        subject = re.sub(r"#[0-9a-f]{12}\b", "#@HASH@", subject)
        for value, name in ((work, "@WORK@"), (src, "@SRC@")):
            subject = subject.replace(value, name)
        fields = [f["check"], f["rule"], f["severity"],
                  f["escalate_to"] or "-", subject]
        if f.get("accepted"):  # report.accepted_file: dates vary by day
            fields.append("accepted")
        lines.append("\t".join(fields))
    for line in sorted(lines):
        print(line)


if __name__ == "__main__":
    main()

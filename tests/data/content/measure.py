#!/usr/bin/python3
"""Measures inspect's findings against gen_measure.py's labels.

    measure.py LABELS CORPUS_ROOT FINDINGS_JSONL [MIN_RECALL MIN_PRECISION]

Per detector: true positives, false positives, false negatives (by count
per file: a file's findings of a detector up to its labelled number are
true, the rest false), recall and precision; then the totals. Also checks
exactness: a finding that says exact:true must have, at its offset in the
original file, bytes of its length whose unmasked preview characters are
those bytes
(letters in any case). Exits 1 when a total is below the minimum or an offset lies.
personal_record lines are records, not identifiers: left out.
"""
import collections
import json
import os
import sys


def main():
    labels_path, root, findings = sys.argv[1:4]
    min_r = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    min_p = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    want = collections.Counter()
    for line in open(labels_path, encoding="utf-8"):
        if line.startswith("#"):
            continue
        f, d, n = line.rstrip("\n").split("\t")
        want[(f, d)] = int(n)
    got, lies, exact = collections.Counter(), [], 0
    for line in open(findings, encoding="utf-8"):
        o = json.loads(line)
        if o.get("detector") == "personal_record":
            continue
        rel = os.path.relpath(o["path"], root)
        got[(rel, o["detector"])] += 1
        if o.get("exact"):
            exact += 1
            with open(o["path"], "rb") as fh:
                fh.seek(o["offset"])
                raw = fh.read(o["length"]).decode("utf-8", "replace")
            pv = o["preview"]
            # previews are upper-cased and dates drawn as **/**/****:
            # compare the letters and digits the preview shows
            if len(raw) != o["length"] or (len(pv) == len(raw) and any(
                    c.isalnum() and c.upper() != raw[i].upper()
                    for i, c in enumerate(pv))):
                lies.append("%s offset %d: %r is not %r" %
                            (rel, o["offset"], raw, pv))
    per = collections.defaultdict(lambda: [0, 0, 0])
    for k in sorted(set(want) | set(got)):
        e, g = want[k], got[k]
        per[k[1]][0] += min(e, g)
        per[k[1]][1] += max(0, g - e)
        per[k[1]][2] += max(0, e - g)
        if e != g:
            print("  %s: %s labelled %d, found %d" % (k[0], k[1], e, g))
    tot = [0, 0, 0]
    print("%-20s %5s %5s %5s %7s %9s" %
          ("detector", "tp", "fp", "fn", "recall", "precision"))
    for d in sorted(per):
        tp, fp, fn = per[d]
        tot = [a + b for a, b in zip(tot, per[d])]
        print("%-20s %5d %5d %5d %7.3f %9.3f" %
              (d, tp, fp, fn, tp / max(1, tp + fn), tp / max(1, tp + fp)))
    tp, fp, fn = tot
    recall, precision = tp / max(1, tp + fn), tp / max(1, tp + fp)
    print("%-20s %5d %5d %5d %7.3f %9.3f" %
          ("all", tp, fp, fn, recall, precision))
    print("exact offsets checked: %d, wrong: %d" % (exact, len(lies)))
    for lie in lies[:10]:
        print("  " + lie)
    ok = recall >= min_r and precision >= min_p and not lies
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Measures the threats rules on src files through the real binary.

For fresh text written before a round's rule changes: the figures it
prints are the honest measure of how the rules generalise. Each message
becomes one mail in a temporary mbox (Message-ID <pN@probe>) judged by
`portcullis inspect --detectors threats`; labels are compared per message.
Run: python3 probe.py PORTCULLIS SRC_FILE... [--misses] [--tune]
(--misses lists the messages missed or wrongly flagged, except those
labelled.jsonl holds aside: the rules are never tuned on them. Do not use
it on fresh text before it has been through build.py. --tune measures
the tune part only: to choose a setting on rounds a model has not been
trained on without reading their held-aside part.)
"""
import glob, json, os, subprocess, sys, tempfile

def load(paths):
    """The messages of src files: (labels, tags, text) each."""
    items = []
    for path in paths:
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.count("|") < 2:
                sys.exit("probe.py: %s:%d: expected 'labels | tags | text'" % (path, n))
            labels, tags, text = (s.strip() for s in line.split("|", 2))
            items.append(([l.strip() for l in labels.split(",")],
                          [t.strip() for t in tags.split(",") if t.strip()],
                          text.replace("\\n", "\n")))
    return items

def labelled_src():
    """Every message of the src files here as (labels, tags, text, split,
    src file name), split as build.py splits: 30% of each (first label,
    first tag) stratum held aside, counted in file order."""
    here = os.path.dirname(os.path.abspath(__file__))
    strata, out = {}, []
    for path in sorted(glob.glob(os.path.join(here, "src_*.txt"))):
        for labels, tags, text in load([path]):
            key = (labels[0], tags[0] if tags else "")
            k = strata.setdefault(key, 0)
            strata[key] = k + 1
            out.append((labels, tags, text, "held" if k % 10 in (1, 4, 7) else "tune",
                        os.path.basename(path)))
    return out

def labelled():
    """Every message of the src files here as (labels, tags, text, split)."""
    return [m[:4] for m in labelled_src()]

def held_texts():
    """The held-aside messages' texts."""
    return {text for _, _, text, split in labelled() if split == "held"}

def mbox(items, path):
    with open(path, "w", encoding="utf-8") as f:
        for n, (_, _, text) in enumerate(items):
            body = "\n".join((">" + l) if l.startswith("From ") else l
                             for l in text.split("\n"))
            f.write("From probe@example.net Mon Mar  3 10:00:00 2025\n"
                    "From: p%d@example.net\nMessage-ID: <p%d@probe>\n"
                    "Subject: probe\nContent-Type: text/plain; charset=utf-8\n\n"
                    "%s\n\n" % (n, n, body))

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--misses" in sys.argv
    if len(args) < 2:
        sys.exit(__doc__)
    try:
        items = load(args[1:])
    except OSError as e:
        sys.exit("probe.py: %s: %s" % (e.filename, e.strerror))
    held = held_texts() if show or "--tune" in sys.argv else set()
    if "--tune" in sys.argv:
        items = [m for m in items if m[2] not in held]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "probe.mbox")
        mbox(items, path)
        try:
            out = subprocess.run([args[0], "inspect", "--quiet", "--detectors",
                                  "threats", path], capture_output=True, text=True)
        except OSError as e:
            sys.exit("probe.py: cannot run %s: %s" % (args[0], e.strerror))
    if out.returncode not in (0, 1):
        sys.exit("portcullis inspect failed: " + out.stderr.strip())
    hits = {}
    for line in out.stdout.splitlines():
        j = json.loads(line)
        n = int(j.get("message_id", "p-1@").split("@")[0][1:])
        hits.setdefault(n, set()).add(j["detector"])
    tally = {}
    for n, (labels, tags, text) in enumerate(items):
        got = hits.get(n, set())
        if "threat_to_life" in labels or "threat" in labels:
            ok = bool(got & {"threat_to_life", "threat"})
            kind = "threat"
        elif "abuse" in labels:
            ok, kind = "abuse" in got or bool(got & {"threat_to_life", "threat"}), "abuse"
        elif "doxxing" in labels:
            continue  # needs the protected file: test_measure covers it
        else:
            ok, kind = not got, "benign"
        t = tally.setdefault(kind, [0, 0])
        t[0] += ok
        t[1] += 1
        if show and not ok and text not in held:
            print("MISS %-7s %-25s %s" % (kind, ",".join(sorted(got)) or "-",
                                         text.replace("\n", "\\n")[:200]))
    for kind, (ok, n) in sorted(tally.items()):
        what = "correct (not flagged)" if kind == "benign" else "found"
        print("%-7s %s %d/%d (%.3f)" % (kind, what, ok, n, ok / n))

if __name__ == "__main__":
    main()

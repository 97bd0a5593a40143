#!/usr/bin/env python3
"""Studies the engine's model settings (model.veto, the rules' thresholds)
on the tune part, without the held-aside part: each tune message's rules
verdict (threats_words --rules) and word-model scores from models that
never saw its round (train_model.py --dump-scores), combined as
checks/threats/engine.c combines them (the veto drops the rules' hits
where both model scores are below it; the model's second opinion adds a
threat or abuse the rules missed, except where the rules found reported
speech). Prints threats found and benign messages flagged per setting.
Run: python3 study_settings.py THREATS_WORDS SCORES.jsonl MODEL.yaml
"""
import json, os, subprocess, sys

VETOS = (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
SCALES = (1.0, 1.03)
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train_model  # noqa: E402


def thresholds(path):
    """Each rule's threshold and threshold_long, and long_sentences."""
    th, long_n = {}, 0
    for line in open(path, encoding="utf-8"):
        t = line.strip()
        if t.startswith("long_sentences:"):
            long_n = int(t.split()[1])
        for rule in ("threat", "abuse"):
            if t.startswith(rule + ": {"):
                kv = dict(x.strip().split(": ") for x in t[len(rule) + 3:].rstrip("}").split(","))
                th[rule] = (float(kv["threshold"]), float(kv.get("threshold_long", kv["threshold"])))
    return th, long_n


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().split("\n")[-1])
    prog, dump, model = sys.argv[1:]
    try:
        msgs = [json.loads(l) for l in open(dump, encoding="utf-8")]
        thresholds(model)
    except (OSError, ValueError, KeyError) as e:
        sys.exit("study_settings.py: cannot read %s or %s: %s (write the "
                 "scores with train_model.py --dump-scores)" % (dump, model, e))
    texts = [m["text"] for m in msgs]
    verdicts = [list(map(int, l.split())) for l in
                train_model.run_words(prog, texts, pre=["--rules"])]
    nsent = [len(train_model.sentences(w)) for w in train_model.run_words(prog, texts)]
    th, long_n = thresholds(model)
    is_threat = [("threat" in m["labels"] or "threat_to_life" in m["labels"]) for m in msgs]
    benign = [m["labels"] == ["benign"] for m in msgs]
    print("%d tune messages: %d threats, %d benign" % (len(msgs), sum(is_threat), sum(benign)))
    print("%-6s %-6s %-16s %-16s %s" % ("veto", "scale", "threats found", "benign flagged",
                                         "(rules alone: threats, benign)"))
    for scale in SCALES:
        for vt in VETOS:
            found = flagged = 0
            for m, (life, thr, ab, cw), n, t, b in zip(msgs, verdicts, nsent, is_threat, benign):
                pt, pa = m["threat"], m["abuse"]
                hit_t, hit_a = bool(life or thr), bool(ab)
                if (hit_t or hit_a) and vt > 0 and pt < vt and pa < vt:
                    hit_t = hit_a = False
                k = 1 if long_n and n > long_n else 0
                if not cw:
                    if not hit_t and pt >= min(0.99, th["threat"][k] * scale):
                        hit_t = True
                    if not hit_t and not hit_a and pa >= min(0.99, th["abuse"][k] * scale):
                        hit_a = True
                found += t and hit_t
                flagged += b and (hit_t or hit_a)
            print("%-6.2f %-6.2f %5d/%-10d %4d/%-11d" % (vt, scale, found, sum(is_threat),
                                                         flagged, sum(benign)))
    rt = sum(1 for v, t in zip(verdicts, is_threat) if t and (v[0] or v[1]))
    rb = sum(1 for v, b in zip(verdicts, benign) if b and any(v[:3]))
    print("rules alone: threats %d, benign flagged %d" % (rt, rb))


if __name__ == "__main__":
    main()

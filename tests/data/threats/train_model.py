#!/usr/bin/env python3
"""Trains the threats check's word model (policies/lexicons/threats-model.yaml).

The rules miss threats and abuse worded in ways their lexicons have never
seen (fresh rounds of the labelled set found about half of them); the word
model is a second opinion learned from the labelled set's TUNE part only,
so the held-aside part still measures it honestly.

A logistic regression per rule (threat: threat_to_life or threat; abuse)
over the words and word pairs of each message, as the engine reads them
(tests/data/threats/threats_words.c prints the normalised words: leetspeak,
look-alike letters and spaced letters undone, quotes split off), and
"@set" for each lexicon set matched in a sentence (@harm_life, @target,
@allow...): the model learns "a harm word near a target", not only words. Features
seen in two tune messages or more; each present feature weighs
1/sqrt(N) for the message's N known features; classes weighted to
balance; L2 penalty 1/(2*256) (C = 256 cross-validated best of 16, 64, 256).
A message scores the larger of the whole message's probability and its
best window's of --window sentences (a threat buried in a long letter).
The threshold is the lowest at which 5-fold cross-validation on the tune
part flags at most --fp of benign messages (the rules add their own).

Pure Python (no numpy), deterministic. Run after changing the labelled set:
  python3 tests/data/threats/train_model.py build-test/tests/threats_words
then the unit tests and `bash policies/update-approved-policies.sh ...`.
"""
import argparse, math, os, random, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import probe  # noqa: E402  (the src files and their split)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
LEXICONS = ["threats-words.yaml", "threats-veiled.yaml", "threats-allow.yaml",
            "threats-abuse.yaml"]


def src_lines():
    """Every message of the src files as (src line, labels, split), split
    as build.py splits (probe.labelled)."""
    return [("- | - | " + text.replace("\n", "\\n"), labels, split)
            for labels, _, text, split in probe.labelled()]


def sentences(words_line):
    """The sentences of one threats_words line."""
    body = words_line.split(" | ", 2)[2] if words_line.count(" | ") >= 2 else ""
    return body.split(" | ")


def features(sents):
    """The words and in-sentence word pairs of some sentences."""
    feats = set()
    for sent in sents:
        w = [x for x in sent.split() if not x.startswith("@")]
        feats.update(sent.split())  # words, and "@set" for matched lexicon sets
        feats.update("%s %s" % (a, b) for a, b in zip(w, w[1:]))
    return feats


def train(docs, ys, nfeat, c=256.0, epochs=300):
    """Class-weighted L2 logistic regression by Adam; docs are lists of
    feature indices (value 1/sqrt(len))."""
    n, npos = len(ys), sum(ys)
    cw = [n / (2.0 * npos) if y else n / (2.0 * (n - npos)) for y in ys]
    w, b = [0.0] * nfeat, 0.0
    m, v, mb, vb = [0.0] * nfeat, [0.0] * nfeat, 0.0, 0.0
    lr, b1, b2, eps, lam = 0.05, 0.9, 0.999, 1e-8, 1.0 / c
    for t in range(1, epochs + 1):
        g, gb = [lam * x for x in w], 0.0
        for d, y, k in zip(docs, ys, cw):
            if not d:
                continue
            x = 1.0 / math.sqrt(len(d))
            z = b + x * sum(w[f] for f in d)
            p = 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0
            e = k * (p - y)
            gb += e
            for f in d:
                g[f] += e * x
        for f in range(nfeat):
            m[f] = b1 * m[f] + (1 - b1) * g[f]
            v[f] = b2 * v[f] + (1 - b2) * g[f] * g[f]
            w[f] -= lr * (m[f] / (1 - b1 ** t)) / (math.sqrt(v[f] / (1 - b2 ** t)) + eps)
        mb = b1 * mb + (1 - b1) * gb
        vb = b2 * vb + (1 - b2) * gb * gb
        b -= lr * (mb / (1 - b1 ** t)) / (math.sqrt(vb / (1 - b2 ** t)) + eps)
    return w, b


def prob(w, b, d):
    if not d:
        return 0.0
    z = b + sum(w[f] for f in d) / math.sqrt(len(d))
    return 1.0 / (1.0 + math.exp(-z))


def score(w, b, wins):
    """A message's probability: the larger of the whole message's (wins[0])
    and its best window's, as checks/threats/model.c scores it."""
    return max(prob(w, b, d) for d in wins)


def threshold(docs, wins, ys, benign, nfeat, fp, epochs):
    """The lowest threshold whose 5-fold CV flags at most fp of benign."""
    idx = list(range(len(docs)))
    random.Random(14).shuffle(idx)
    scores = [0.0] * len(docs)
    for k in range(5):
        test = set(idx[k::5])
        tr = [i for i in idx if i not in test]
        w, b = train([docs[i] for i in tr], [ys[i] for i in tr], nfeat, epochs=epochs)
        for i in test:
            scores[i] = score(w, b, wins[i])
    neg = sorted((scores[i] for i in range(len(docs)) if benign[i]), reverse=True)
    allowed = int(fp * len(neg))
    th = min(0.99, max(0.5, neg[allowed] + 1e-4 if allowed < len(neg) else 0.5))
    pos = [scores[i] for i in range(len(docs)) if ys[i]]
    rec = sum(1 for s in pos if s >= th) / max(1, len(pos))
    return round(th, 4), rec


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("threats_words", help="the built tests/threats_words program")
    ap.add_argument("--out", default=os.path.join(ROOT, "policies", "lexicons", "threats-model.yaml"))
    ap.add_argument("--fp", type=float, default=0.01,
                    help="benign false-positive rate the threshold allows in cross-validation")
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--window", type=int, default=3,
                    help="sentences in a window (a threat buried in a long letter)")
    a = ap.parse_args()
    lines = src_lines()
    lex = [os.path.join(ROOT, "policies", "lexicons", f) for f in LEXICONS]
    print("reading %d messages through %s" % (len(lines), a.threats_words), file=sys.stderr)
    try:
        out = subprocess.run([a.threats_words] + lex, input="\n".join(l for l, _, _ in lines) + "\n",
                             capture_output=True, text=True)
    except OSError as e:
        sys.exit("train_model.py: cannot run %s: %s (build it: cmake --build "
                 "build-test --target threats_words)" % (a.threats_words, e.strerror))
    if out.returncode != 0:
        sys.exit("threats_words failed: " + out.stderr.strip())
    words = out.stdout.split("\n")[:len(lines)]
    tune = [(sentences(wl), labels) for wl, (_, labels, split) in zip(words, lines)
            if split == "tune" and "doxxing" not in labels]
    df = {}
    for ss, _ in tune:
        for x in features(ss):
            df[x] = df.get(x, 0) + 1
    vocab = sorted(x for x, n in df.items() if n >= 2)
    index = {x: i for i, x in enumerate(vocab)}
    def doc(ss):
        return sorted(index[x] for x in features(ss) if x in index)
    docs = [doc(ss) for ss, _ in tune]
    W = a.window
    wins = [[d] + ([doc(ss[i:i + W]) for i in range(len(ss) - W + 1)]
                   if W and len(ss) >= W else [])
            for d, (ss, _) in zip(docs, tune)]
    benign = [labels == ["benign"] for _, labels in tune]
    rules = {}
    for rule, is_pos in (("threat", lambda l: "threat" in l or "threat_to_life" in l),
                         ("abuse", lambda l: "abuse" in l)):
        ys = [1 if is_pos(l) else 0 for _, l in tune]
        print("%s: %d of %d tune messages, %d features; cross-validating" %
              (rule, sum(ys), len(ys), len(vocab)), file=sys.stderr)
        th, rec = threshold(docs, wins, ys, benign, len(vocab), a.fp, a.epochs)
        w, b = train(docs, ys, len(vocab), epochs=a.epochs)
        rules[rule] = (w, b, th, rec)
        print("%s: threshold %.4f, cross-validated recall %.3f at benign FP <= %.3f" %
              (rule, th, rec, a.fp), file=sys.stderr)
    with open(a.out + ".tmp", "w", encoding="utf-8") as f:
        f.write("# Threats word model: a second opinion on threats and abuse the rules\n"
                "# miss (checks/threats/model.c). Generated by\n"
                "# tests/data/threats/train_model.py from the labelled set's tune part\n"
                "# (%d messages; the held-aside part never seen): do not edit by hand.\n"
                "# Features are the engine's normalised words and word pairs.\n" % len(tune))
        for rule, (_, _, th, rec) in rules.items():
            f.write("# %s: threshold from 5-fold cross-validation, recall %.3f at benign\n"
                    "#   false positives <= %.3f\n" % (rule, rec, a.fp))
        f.write("lexicon: threats-model\nversion: 1\nmodel:\n  window: %d\n  rules:\n" % W)
        for rule, (_, b, th, _) in rules.items():
            f.write("    %s: {threshold: %.4f, bias: %.5f}\n" % (rule, th, b))
        f.write("  features:\n")
        wt, wa = rules["threat"][0], rules["abuse"][0]
        for i, x in enumerate(vocab):
            f.write("    %s: [%.5f, %.5f]\n" % (yaml_str(x), wt[i], wa[i]))
    os.replace(a.out + ".tmp", a.out)
    print("wrote %s" % a.out, file=sys.stderr)


if __name__ == "__main__":
    main()

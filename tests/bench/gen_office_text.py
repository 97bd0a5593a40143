#!/usr/bin/python3
"""Writes N MB of realistic MP-office text with sparse synthetic personal data.

usage: gen_office_text.py OUT MEGABYTES [SEED]

Casework notes, letters and meeting minutes built from word lists, with about
one identifier per 200 lines (NINO, NHS number, card, phone, email, postcode,
date of birth, a token). Every person and number is synthetic: check digits
are computed, never copied from anyone. Standard library only.
"""
import random
import sys

WORDS = ("the constituent wrote about housing repairs council benefit "
         "appeal universal credit surgery appointment caseworker office "
         "letter reply minister department school admission planning "
         "application parking permit noise complaint landlord deposit "
         "tribunal hearing visa immigration pension payment delay "
         "hospital waiting list referral transport bus route flooding "
         "drainage road safety petition meeting agenda minutes action "
         "follow up thank you for your email regarding our records show "
         "we have contacted the relevant team and will update you soon").split()
FIRST = "Alex Sam Jordan Priya Chris Dana Evan Fay Gus Harriet Ivan Jo".split()
LAST = "Example Sample Testperson Demo Fixture Placeholder Mock".split()
NINO_A = "ABCEGHJKLMNPRSTWXYZ"
NINO_B = "ABCEGHJKLMNPRSTWXYZ"


def nino(r):
    while True:
        p = r.choice(NINO_A) + r.choice(NINO_B)
        if p not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "CR", "FY",
                     "MW", "NC", "PP", "PY", "PZ"):
            break
    d = "%06d" % r.randrange(1, 999999)
    return "%s %s %s %s %s" % (p, d[0:2], d[2:4], d[4:6], r.choice("ABCD"))


def nhs(r):
    while True:
        b = str(r.choice((4, 6))) + "".join(str(r.randrange(10)) for _ in range(8))
        s = sum(int(b[i]) * (10 - i) for i in range(9))
        c = 11 - s % 11
        c = 0 if c == 11 else c
        if c != 10:
            x = b + str(c)
            return "%s %s %s" % (x[:3], x[3:6], x[6:])


def luhn(prefix, n, r):
    body = prefix + "".join(str(r.randrange(10)) for _ in range(n - len(prefix) - 1))
    for c in "0123456789":
        t = body + c
        s = 0
        for i, ch in enumerate(reversed(t)):
            d = int(ch)
            if i % 2:
                d = d * 2 - 9 if d * 2 > 9 else d * 2
            s += d
        if s % 10 == 0:
            return " ".join(t[i:i + 4] for i in range(0, 16, 4))


def item(r):
    who = "%s %s" % (r.choice(FIRST), r.choice(LAST))
    k = r.randrange(9)
    if k == 0:
        return "%s, NI number %s, called the office." % (who, nino(r))
    if k == 1:
        return "NHS number %s for %s (hospital referral)." % (nhs(r), who)
    if k == 2:
        return "Paid by card %s on the phone." % luhn("4539", 16, r)
    if k == 3:
        return "Call %s on 07%d %06d." % (who, r.randrange(100, 999) * 10 + 1,
                                          r.randrange(10 ** 6))
    if k == 4:
        return "Email %s.%s%d@gmail.com about the appeal." % (
            who.split()[0].lower(), who.split()[1].lower(), r.randrange(99))
    if k == 5:
        return "Address: %d Mill Lane, EX%d %d%s" % (
            r.randrange(1, 200), r.randrange(1, 30), r.randrange(10),
            r.choice(["AB", "QT", "NP", "LW"]))
    if k == 6:
        return "DOB: %02d/%02d/%d" % (r.randrange(1, 28), r.randrange(1, 12),
                                      r.randrange(1930, 2005))
    if k == 7:
        return "%s %s, DOB %02d/%02d/%d, %s, LS%d %dAP" % (
            r.choice(FIRST), r.choice(LAST), r.randrange(1, 28),
            r.randrange(1, 12), r.randrange(1930, 2005), nino(r),
            r.randrange(1, 20), r.randrange(10))
    return "Meeting on %02d/%02d/2025 at 10:%02d, ref %d." % (
        r.randrange(1, 28), r.randrange(1, 12), r.randrange(60),
        r.randrange(10 ** 6))


def line(r):
    n = r.randrange(8, 16)
    s = " ".join(r.choice(WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    out, mb = sys.argv[1], float(sys.argv[2])
    r = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    target = int(mb * 1024 * 1024)
    # a pool of 4 MiB of text is built once and repeated with fresh items,
    # so 1 GB is written in seconds
    pool = []
    size = 0
    while size < 4 * 1024 * 1024:
        para = [line(r) for _ in range(r.randrange(2, 7))]
        if r.randrange(40) == 0:
            para.insert(r.randrange(len(para)), item(r))
        text = "\n".join(para) + "\n\n"
        pool.append(text)
        size += len(text)
    written = 0
    with open(out, "w", encoding="utf-8") as f:
        while written < target:
            for text in pool:
                if r.randrange(400) == 0:
                    text = item(r) + "\n\n" + text
                f.write(text)
                written += len(text)
                if written >= target:
                    break
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Writes a labelled office corpus for measuring inspect's recall and
precision: synthetic people (valid checksums, realistic forms) written into
14 formats, with hard negatives (broken checksums, Ofcom drama numbers,
documented examples, numbers without context) beside them.

    gen_measure.py OUTDIR [SEED]

Writes OUTDIR/corpus/... and OUTDIR/labels.tsv: "file<TAB>detector<TAB>n",
the number of true items of that detector in that file (every detector not
listed for a file has 0). Python standard library only. Every value is
generated from the seed: no real person's data.
"""
import base64
import email.message
import email.policy
import json
import os
import random
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_office  # noqa: E402

NINO_A = "ABCEGHJKLMNOPRSTWXYZ"
NINO_B = "ABCEGHJKLMNPRSTWXYZ"
# never allocated (HMRC NIM39110) or administrative, not a person's
NINO_BAD_PREFIX = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ", "CR", "FY",
                   "MW", "NC", "PP", "PY", "PZ"}
SURNAMES = ["Okafor", "Patel", "Lindqvist", "Morgan", "Hughes", "Nowak",
            "Fraser", "Achebe", "Kowalski", "Bennett", "Rahman", "Doyle"]
FIRST = ["Dana", "Priya", "Tomasz", "Aisha", "Gareth", "Morag", "Kemi",
         "Siobhan", "Callum", "Yusuf", "Eleri", "Hamish"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
AREAS = ["LS", "M", "B", "EX", "CF", "G", "EH", "BS", "NE", "L", "SA", "YO"]
INWARD = "ABDEFGHJLNPQRSTUWXYZ"


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def digits(self, n):
        return "".join(self.r.choice("0123456789") for _ in range(n))

    def nino(self):
        while True:
            p = self.r.choice(NINO_A) + self.r.choice(NINO_B)
            if p not in NINO_BAD_PREFIX:
                break
        d = self.digits(6)
        s = self.r.choice("ABCD")
        form = self.r.randrange(4)
        if form == 0:
            return "%s %s %s %s %s" % (p, d[:2], d[2:4], d[4:], s)
        if form == 1:
            return p + d + s
        if form == 2:
            return (p + d + s).lower()
        return "%s%s %s %s %s" % (p[0], p[1].lower(), d[:2], d[2:4],
                                  d[4:] + " " + s.lower())

    def nhs(self):
        while True:
            d = [self.r.randrange(10) for _ in range(9)]
            if d[0] == 9 and d[1] == 9 and d[2] == 9:
                continue
            c = 11 - sum(x * (10 - i) for i, x in enumerate(d)) % 11
            c = 0 if c == 11 else c
            if c == 10:
                continue
            s = "".join(map(str, d)) + str(c)
            return s if self.r.random() < .5 else \
                "%s %s %s" % (s[:3], s[3:6], s[6:])

    def card(self):
        while True:
            body = [4] + [self.r.randrange(10) for _ in range(14)] \
                if self.r.random() < .5 else \
                [5, self.r.randrange(1, 6)] + [self.r.randrange(10)
                                               for _ in range(13)]
            total = 0
            for i, x in enumerate(reversed(body)):
                y = x * 2 if i % 2 == 0 else x
                total += y - 9 if y > 9 else y
            s = "".join(map(str, body)) + str((10 - total % 10) % 10)
            if len(set(s)) > 3:
                return " ".join(s[i:i + 4] for i in range(0, 16, 4)) \
                    if self.r.random() < .6 else s

    def bank(self):
        sc = "%02d-%02d-%02d" % (self.r.randrange(10, 99),
                                 self.r.randrange(10, 99),
                                 self.r.randrange(10, 99))
        return sc, self.digits(7) + str(self.r.randrange(1, 10))

    def iban(self):
        bank = "".join(self.r.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
                       for _ in range(4))
        bban = bank + self.digits(14)
        num = "".join(str(int(c, 36)) for c in bban + "GB00")
        check = 98 - int(num) % 97
        s = "GB%02d%s" % (check, bban)
        return " ".join(s[i:i + 4] for i in range(0, 22, 4)) \
            if self.r.random() < .5 else s

    def passport(self):
        while True:
            s = str(self.r.randrange(1, 10)) + self.digits(8)
            if s not in ("123456789", "987654321"):
                return s

    def dob(self):
        y, m, d = self.r.randrange(1930, 2005), self.r.randrange(1, 13), \
            self.r.randrange(1, 29)
        forms = ["%02d/%02d/%d" % (d, m, y), "%d-%02d-%02d" % (y, m, d),
                 "%d %s %d" % (d, MONTHS[m - 1], y),
                 "%s %d, %d" % (MONTHS[m - 1], d, y),
                 "the %d%s of %s %d" % (d, "th" if 4 <= d <= 20 or d > 23
                                         else {1: "st", 2: "nd", 3: "rd",
                                               21: "st", 22: "nd",
                                               23: "rd"}[d], MONTHS[m - 1],
                                         y)]
        lead = ["Date of birth: ", "DOB ", "date of birth is ",
                "my DOB was ", "born on ", "D.O.B. ", "DOB=",
                "Birth date: "]
        return self.r.choice(lead) + self.r.choice(forms), (y, m, d)

    def dvla(self, surname, first, ymd, female):
        y, m, d = ymd
        name = (surname.upper() + "99999")[:5]
        mm = m + (50 if female else 0)
        s = "%s%d%02d%02d%d%s9%s" % (name, (y // 10) % 10, mm, d, y % 10,
                                     first[0].upper() + "9",
                                     "".join(self.r.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
                                             for _ in range(2)))
        return s

    def postcode(self):
        a = self.r.choice(AREAS)
        return "%s%d %d%s%s" % (a, self.r.randrange(1, 20),
                                self.r.randrange(1, 10),
                                self.r.choice(INWARD), self.r.choice(INWARD))

    def phone(self):
        if self.r.random() < .5:
            return "07%d%02d %06d" % (self.r.choice([4, 5, 7, 8, 9]),
                                      self.r.randrange(10, 99),
                                      self.r.randrange(100000, 999999))
        return "0113 %03d %04d" % (self.r.randrange(200, 499),
                                   self.r.randrange(10000))

    def person(self):
        first, last = self.r.choice(FIRST), self.r.choice(SURNAMES)
        dob, ymd = self.dob()
        sc, acc = self.bank()
        return {
            "name": "%s %s" % (first, last),
            "uk_nino": self.nino(), "uk_nhs_number": self.nhs(),
            "payment_card": self.card(), "sort_code": sc, "account": acc,
            "iban_gb": self.iban(), "uk_passport": self.passport(),
            "date_of_birth": dob,
            "uk_driving_licence": self.dvla(last, first, ymd,
                                            self.r.random() < .5),
            "uk_postcode": self.postcode(), "uk_phone": self.phone(),
            "email_address": "%s.%s%d@%s" % (
                first.lower(), last.lower(), self.r.randrange(10, 99),
                self.r.choice(["gmail.com", "outlook.com", "btinternet.com",
                               "yahoo.co.uk"])),
        }


# One sentence per detector, each naming its identifier with the words a
# caseworker would use; the bank line holds sort code and account.
SENTENCES = {
    "uk_nino": "Her National Insurance number is {}.",
    "uk_nhs_number": "NHS number {} (from the GP letter).",
    "payment_card": "He paid the fee by card {} last week.",
    "uk_bank_account": "Bank details: sort code {}, account number {}.",
    "iban_gb": "Refund to IBAN {} please.",
    "uk_passport": "Passport number {} was lost in the post.",
    "date_of_birth": "{}.",
    "uk_driving_licence": "Driving licence {} was suspended.",
    "uk_postcode": "She lives at 14 Mill Lane, Exampleton {}.",
    "uk_phone": "Call her on {} after five.",
    "email_address": "Write to {} with the outcome.",
}

# Lines that hold no true item: checksum failures, documented examples,
# Ofcom drama ranges, numbers and dates with no context.
NEGATIVES = [
    "HMRC's own example number is QQ 12 34 56 C; ours starts AB 12 34 56 C.",
    "The order reference was 4526018155 and the invoice 4908301662.",
    "Test card 4111 1111 1111 1111 works in the sandbox only.",
    "Card ending 4539 0497 4650 7524 was declined (a typo in the number).",
    "Call the surgery on 01632 960123 or the mobile 07700 900456.",
    "The council meeting is on 14/03/2025 at the town hall.",
    "Born in the 1957 flood, the bridge was rebuilt in 1961.",
    "Our office is at House of Commons, London SW1A 0AA.",
    "Reference 532846197 on the planning file.",
    "Write to casework@example.com or noreply@example.org.",
    "Passport 123456789 is the form's sample value.",
    "NHS number 999 000 0018 appears on the leaflet template.",
    "Sort code 00-00-00 account 00000000 is the form's placeholder.",
    "Ticket 2024-0117 was closed on 12-05-19 by the team.",
]


def person_items(g, p, kinds):
    """(sentence, detector) for each kind of p in kinds."""
    out = []
    for k in kinds:
        if k == "uk_bank_account":
            out.append((SENTENCES[k].format(p["sort_code"], p["account"]), k))
        else:
            out.append((SENTENCES[k].format(p[k]), k))
    return out


ALL = list(SENTENCES)


def casenote(g, n_people):
    """Paragraphs of a case note and the true counts."""
    paras, counts = [], Counter()
    for _ in range(n_people):
        p = g.person()
        kinds = g.r.sample(ALL, g.r.randrange(2, 6))
        items = person_items(g, p, kinds)
        para = "Case of %s. " % p["name"]
        para += " ".join(s for s, _ in items)
        paras.append(para)
        counts.update(k for _, k in items)
        if g.r.random() < .7:
            paras.append(g.r.choice(NEGATIVES))
    return paras, counts


TABLE_COLS = [("Name", "name"), ("NI number", "uk_nino"),
              ("NHS number", "uk_nhs_number"),
              ("Date of birth", "date_of_birth"),
              ("Postcode", "uk_postcode"), ("Phone", "uk_phone"),
              ("Email", "email_address")]


def table(g, n):
    """Header and rows of a case export, and the true counts. A date of
    birth column holds the date alone (the header gives the context)."""
    rows, counts = [], Counter()
    for _ in range(n):
        p = g.person()
        row = []
        for _, k in TABLE_COLS:
            v = p[k]
            if k == "date_of_birth":
                y, m, d = g.r.randrange(1930, 2005), g.r.randrange(1, 13), \
                    g.r.randrange(1, 29)
                v = "DOB %02d/%02d/%d" % (d, m, y)
            row.append(v)
            if k != "name":
                counts[k] += 1
        rows.append(row)
    return [h for h, _ in TABLE_COLS], rows, counts


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def mail(g, paras, cte, subject):
    m = email.message.EmailMessage(policy=email.policy.SMTP)
    m["From"] = "Constituent <%s>" % g.person()["email_address"]
    m["To"] = "office@parliament.uk"
    m["Subject"] = subject
    m["Message-ID"] = "<%d.%d@mail.example.net>" % (g.r.randrange(10**6),
                                                   g.r.randrange(10**6))
    m["Date"] = "Mon, 03 Feb 2025 10:00:00 +0000"
    m.set_content("\n\n".join(paras) + "\n", cte=cte)
    return m


def main():
    out = sys.argv[1]
    g = Gen(int(sys.argv[2]) if len(sys.argv) > 2 else 20261206)
    corpus = os.path.join(out, "corpus")
    labels = {}

    def label(name, counts):
        labels[name] = Counter(counts)

    for i in range(4):
        paras, c = casenote(g, 3)
        write(os.path.join(corpus, "notes/case-%d.txt" % i), "\n\n".join(paras) + "\n")
        label("notes/case-%d.txt" % i, c)
    paras, c = casenote(g, 4)
    write(os.path.join(corpus, "notes/summary.md"),
          "# Casework summary\n\n" + "\n\n".join("- " + p for p in paras) + "\n")
    label("notes/summary.md", c)
    paras, c = casenote(g, 3)
    html = "<html><body><h1>Cases</h1>\n" + "\n".join(
        "<p>%s</p>" % p.replace("&", "&amp;") for p in paras) + "\n</body></html>\n"
    write(os.path.join(corpus, "web/cases.html"), html)
    label("web/cases.html", c)

    head, rows, c = table(g, 12)
    write(os.path.join(corpus, "exports/cases.csv"),
          ",".join(head) + "\n" + "".join(",".join('"%s"' % v if "," in v else v for v in r) + "\n" for r in rows))
    label("exports/cases.csv", c)
    head, rows, c = table(g, 10)
    write(os.path.join(corpus, "exports/cases.tsv"),
          "\t".join(head) + "\n" + "".join("\t".join(r) + "\n" for r in rows))
    label("exports/cases.tsv", c)
    head, rows, c = table(g, 8)
    text = ",".join(head) + "\r\n" + "".join(",".join(r) + "\r\n" for r in rows)
    write(os.path.join(corpus, "exports/cases-utf16.csv"),
          b"\xff\xfe" + text.encode("utf-16-le"))
    label("exports/cases-utf16.csv", c)
    head, rows, c = table(g, 6)
    text = ",".join(head) + "\r\n" + "".join(",".join(r) + "\r\n" for r in rows)
    write(os.path.join(corpus, "exports/cases-nobom.csv"), text.encode("utf-16-le"))
    label("exports/cases-nobom.csv", c)
    head, rows, c = table(g, 8)
    write(os.path.join(corpus, "exports/cases.json"), json.dumps(
        {"cases": [dict(zip(head, r)) for r in rows]}, indent=2) + "\n")
    label("exports/cases.json", c)
    head, rows, c = table(g, 7)
    write(os.path.join(corpus, "exports/cases.jsonl"),
          "".join(json.dumps(dict(zip(head, r))) + "\n" for r in rows))
    label("exports/cases.jsonl", c)
    head, rows, c = table(g, 9)
    make_office.xlsx(os.path.join(corpus, "exports/cases.xlsx"),
                     [",".join(head)] + [",".join(v.replace(",", " ") for v in r) for r in rows])
    label("exports/cases.xlsx", c)

    paras, c = casenote(g, 3)
    os.makedirs(os.path.join(corpus, "letters"), exist_ok=True)
    make_office.docx(os.path.join(corpus, "letters/letter.docx"), paras)
    label("letters/letter.docx", c)
    paras, c = casenote(g, 2)
    make_office.odt(os.path.join(corpus, "letters/note.odt"), paras)
    label("letters/note.odt", c)

    mbox, total = [], Counter()
    for i, cte in enumerate(["7bit", "quoted-printable", "base64", "8bit"]):
        paras, c = casenote(g, 2)
        m = mail(g, paras, cte, "Case %d" % i)
        c["email_address"] += 2  # the sender and the office
        if cte == "8bit":
            m.replace_header("Subject", "Case %d – update" % i)
        raw = m.as_bytes()
        write(os.path.join(corpus, "mail/msg-%d.eml" % i), raw)
        label("mail/msg-%d.eml" % i, c)
        mbox.append(b"From constituent@example.net Mon Feb  3 10:00:00 2025\n" +
                    raw.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ") + b"\n")
        total.update(c)
    write(os.path.join(corpus, "mail/inbox.mbox"), b"".join(mbox))
    label("mail/inbox.mbox", total)
    for i, cte in enumerate(["quoted-printable", "base64"]):
        paras, c = casenote(g, 2)
        m = mail(g, paras, cte, "Maildir %d" % i)
        c["email_address"] += 2
        name = "mail/Maildir/cur/17333900%02d.M1P%d.office:2,S" % (i, i)
        write(os.path.join(corpus, name), m.as_bytes().replace(b"\r\n", b"\n"))
        label(name, c)

    neg = "\n".join(NEGATIVES) + "\n"
    write(os.path.join(corpus, "notes/hard-negatives.txt"), neg)
    label("notes/hard-negatives.txt", Counter())
    make_office.docx(os.path.join(corpus, "letters/template.docx"), NEGATIVES)
    label("letters/template.docx", Counter())

    with open(os.path.join(out, "labels.tsv"), "w") as f:
        f.write("# file\tdetector\ttrue items (0 for any detector not listed)\n")
        for name in sorted(labels):
            for det, n in sorted(labels[name].items()):
                if n:
                    f.write("%s\t%s\t%d\n" % (name, det, n))
    print("%d files, %d true items" % (len(labels),
                                       sum(sum(c.values()) for c in labels.values())))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds labelled.jsonl (and the sample mail files) from src_*.txt.

Each source line is `labels | tags | text` ("\\n" in text is a newline).
Messages tagged html_only become HTML-only bodies, base64_qp and
attachment become whole RFC 822 messages ("format": "eml"), so the
measurement runs them through the real content pipeline. 30% of each
(first label, first tag) stratum is held aside ("split": "held"); the
rules are never tuned on it. Run: python3 build.py (deterministic).
"""
import base64, glob, json, os, quopri, html

HERE = os.path.dirname(os.path.abspath(__file__))

def html_body(text):
    paras = "".join("<p>%s</p>" % html.escape(p).replace("\n", "<br>")
                    for p in text.split("\n\n"))
    return ("<!DOCTYPE html><html><head><style>p{font-family:Arial}</style>"
            "</head><body><div class=\"msg\">%s</div></body></html>" % paras)

def eml_b64(n, text, qp):
    hdr = ("From: sender%d@example.net\nTo: office@example.org.uk\n"
           "Subject: =?UTF-8?B?%s?=\nMessage-ID: <ts%d@mail.example.net>\n"
           "Date: Mon, 3 Mar 2025 10:%02d:00 +0000\nMIME-Version: 1.0\n"
           % (n, base64.b64encode("Re: your vote".encode()).decode(), n, n % 60))
    if qp:
        body = quopri.encodestring(text.encode("utf-8")).decode("ascii")
        return hdr + ("Content-Type: text/plain; charset=utf-8\n"
                      "Content-Transfer-Encoding: quoted-printable\n\n" + body + "\n")
    b = base64.encodebytes(text.encode("utf-8")).decode("ascii")
    return hdr + ("Content-Type: text/plain; charset=utf-8\n"
                  "Content-Transfer-Encoding: base64\n\n" + b)

def eml_attach(n, text):
    att = base64.encodebytes(text.encode("utf-8")).decode("ascii")
    return ("From: sender%d@example.net\nTo: office@example.org.uk\n"
            "Subject: Letter for the MP\nMessage-ID: <att%d@mail.example.net>\n"
            "Date: Tue, 4 Mar 2025 11:%02d:00 +0000\nMIME-Version: 1.0\n"
            "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n"
            "--b%d\nContent-Type: text/plain; charset=utf-8\n\n"
            "Please see the attached letter.\n\n"
            "--b%d\nContent-Type: text/plain; charset=utf-8; name=\"letter.txt\"\n"
            "Content-Disposition: attachment; filename=\"letter.txt\"\n"
            "Content-Transfer-Encoding: base64\n\n%s\n--b%d--\n"
            % (n, n, n % 60, n, n, n, att, n))

def main():
    items = []
    for path in sorted(glob.glob(os.path.join(HERE, "src_*.txt"))):
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            labels, tags, text = (s.strip() for s in line.split("|", 2))
            items.append({"labels": [l.strip() for l in labels.split(",")],
                          "tags": [t.strip() for t in tags.split(",") if t.strip()],
                          "text": text.replace("\\n", "\n")})
    strata = {}
    for i, it in enumerate(items):
        it["id"] = "t%03d" % (i + 1)
        key = (it["labels"][0], it["tags"][0] if it["tags"] else "")
        k = strata.setdefault(key, 0)
        strata[key] = k + 1
        it["split"] = "held" if k % 10 in (1, 4, 7) else "tune"
        tags = it["tags"]
        it["format"] = "text"
        if "html_only" in tags:
            it["format"], it["text"] = "html", html_body(it["text"])
        elif "attachment" in tags:
            it["format"], it["text"] = "eml", eml_attach(i + 1, it["text"])
        elif "base64_qp" in tags:
            it["format"], it["text"] = "eml", eml_b64(i + 1, it["text"], i % 2 == 0)
    with open(os.path.join(HERE, "labelled.jsonl"), "w", encoding="utf-8") as f:
        for it in items:
            f.write(json.dumps({k: it[k] for k in
                    ("id", "text", "labels", "tags", "split", "format")},
                    ensure_ascii=False) + "\n")

if __name__ == "__main__":
    main()

# Sample mail for the pipeline tests: one mbox, and the same messages as .eml.
SAMPLES = [
    ("b64", "text/plain", "base64", "I will shoot you dead the next time you show your face in Wexcombe."),
    ("qp", "text/plain", "quoted-printable", "Caf\u00e9 owner here. Watch your back, Marsh. We know where you live."),
    ("html", "text/html", "base64", html_body("You are going to die for what you've done.")),
    ("reply", "text/plain", "8bit", "Thank you, I've passed this to the police.\n\nOn Mon, 3 Mar 2025 at 22:01, angryman77 <angryman77@gmail.com> wrote:\n> I am going to kill you Marsh.\n"),
    ("casework", "text/plain", "8bit", "Dear Helen, could the MP chase the council about the knife crime figures in our ward? Thanks, Jean\n"),
]

def sample_mail():
    out = os.path.join(HERE, "mail")
    os.makedirs(out, exist_ok=True)
    mbox = []
    for n, (name, ctype, cte, body) in enumerate(SAMPLES):
        if cte == "base64":
            enc = base64.encodebytes(body.encode()).decode()
        elif cte == "quoted-printable":
            enc = quopri.encodestring(body.encode()).decode()
        else:
            enc = body
        msg = ("From: sender%d@example.net\nTo: office@example.org.uk\n"
               "Subject: sample %s\nMessage-ID: <%s.%d@mail.example.net>\n"
               "Date: Mon, 3 Mar 2025 10:%02d:00 +0000\nMIME-Version: 1.0\n"
               "Content-Type: %s; charset=utf-8\nContent-Transfer-Encoding: %s\n\n%s"
               % (n, name, name, n, n, ctype, cte, enc))
        open(os.path.join(out, name + ".eml"), "w").write(msg)
        mbox.append("From sender%d@example.net Mon Mar  3 10:%02d:00 2025\n" % (n, n) + msg + "\n")
    att = eml_attach(900, "I'm going to kill you and nobody will be able to stop me.")
    open(os.path.join(out, "attachment.eml"), "w").write(att)
    mbox.append("From sender900@example.net Tue Mar  4 11:00:00 2025\n" + att + "\n")
    open(os.path.join(out, "sample.mbox"), "w").write("".join(mbox))

sample_mail()

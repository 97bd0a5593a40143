#!/usr/bin/env python3
"""Writes the email check's mail-export test data (Python standard library
only; every person and address is made up). Run from this folder:
python3 make_mail.py. Writes casework.mbox, campaign.mbox, Maildir/,
eml/ and expected.tsv (the findings the check must give, one line each:
source, staff member, address, rule, messages)."""
import base64, email.utils, mailbox, os, shutil
from email.message import EmailMessage
from email.header import Header

OFF = "parliament.uk"
counter = [0]


def msg(frm, to, subject, body, date, cc=None, reply_to=None, mid=None,
        cte=None, html=None, attach=None, extra=None):
    m = EmailMessage()
    m["From"] = frm
    m["To"] = to
    if cc:
        m["Cc"] = cc
    if reply_to:
        m["Reply-To"] = reply_to
    m["Subject"] = subject
    m["Date"] = date
    counter[0] += 1
    m["Message-ID"] = mid or "<t%04d@mail.test.example>" % counter[0]
    for k, v in (extra or {}).items():
        m[k] = v
    if html is not None:
        m.set_content(html, subtype="html", cte=cte or "quoted-printable")
    else:
        m.set_content(body, cte=cte or "7bit")
    if attach is not None:
        m.add_attachment(attach)  # message/rfc822
    return m


def gmail_fwd(orig_from, orig_to, subject, date, text):
    return ("FYI\n\n---------- Forwarded message ---------\nFrom: %s\n"
            "Date: %s\nSubject: %s\nTo: %s\n\n%s\n" %
            (orig_from, date, subject, orig_to, text))


def outlook_fwd(orig_from, orig_to, subject, date, text):
    return ("Please look at this at home.\n\n"
            "________________________________\nFrom: %s\nSent: %s\n"
            "To: %s\nSubject: %s\n\n%s\n" %
            (orig_from, date, orig_to, subject, text))


def apple_fwd(orig_from, orig_to, subject, date, text):
    return ("\n\nBegin forwarded message:\n\n> From: %s\n> Subject: %s\n"
            "> Date: %s\n> To: %s\n>\n> %s\n" %
            (orig_from, subject, date, orig_to, text))


def tbird_fwd(orig_from, orig_to, subject, date, text):
    return ("\n\n-------- Forwarded Message --------\nSubject: \t%s\n"
            "Date: \t%s\nFrom: \t%s\nTo: \t%s\n\n%s\n" %
            (subject, date, orig_from, orig_to, text))


D = lambda d: email.utils.format_datetime(
    email.utils.parsedate_to_datetime(d))
JANE = "Jane Smith <jane.smith@%s>" % OFF
TOM = "Tom Okafor <tom.okafor@%s>" % OFF
CHRIS = "Chris Member MP <chris.member@%s>" % OFF
CONST = "Bob Jones <bob.jones@gmail.com>"


def casework():
    out = []
    t = "My landlord has not fixed the damp in the back bedroom."
    out.append(msg(JANE, "jane.smith@gmail.com", "Fwd: Housing repair",
                   gmail_fwd(CONST, CHRIS, "Housing repair",
                             "Mon, 6 Jan 2025 at 09:00", t),
                   "Mon, 06 Jan 2025 10:00:00 +0000", mid="<fwd1@test>"))
    # the same message again (a copy in another folder): counted once
    out.append(msg(JANE, "jane.smith@gmail.com", "Fwd: Housing repair",
                   gmail_fwd(CONST, CHRIS, "Housing repair",
                             "Mon, 6 Jan 2025 at 09:00", t),
                   "Mon, 06 Jan 2025 10:00:00 +0000", mid="<fwd1@test>"))
    out.append(msg(JANE, "Jane <jsmith1979@hotmail.co.uk>", "FW: Blue badge",
                   outlook_fwd("Ann Lee <ann.lee@example.net>", CHRIS,
                               "Blue badge", "20 January 2025 08:15",
                               "My blue badge renewal was refused."),
                   "Mon, 20 Jan 2025 09:00:00 +0000", cte="base64"))
    inner = msg("Carl Dunn <carl.dunn@example.org>", CHRIS, "Bus route 12",
                "The 12 no longer stops at the hospital.",
                "Tue, 21 Jan 2025 08:00:00 +0000")
    out.append(msg(JANE, "smithj@outlook.com", "Constituent letter",
                   "See attached.", "Tue, 21 Jan 2025 12:00:00 +0000",
                   attach=inner))
    out.append(msg("Jane Smith <jane.smith@gmail.com>", CONST,
                   "Re: Housing repair", "I have chased the council.\n\n"
                   "On Mon, 6 Jan 2025, Bob Jones wrote:\n> damp\n",
                   "Wed, 08 Jan 2025 19:30:00 +0000"))
    out.append(msg("Tom Okafor <t.okafor.home@yahoo.co.uk>", TOM,
                   "Research notes", "Notes on the bypass vote.",
                   "Thu, 09 Jan 2025 21:00:00 +0000"))
    out.append(msg(JANE, "jane.smith@gmail.com", "Fwd: Office rota",
                   gmail_fwd(CHRIS, JANE, "Office rota",
                             "Fri, 10 Jan 2025 at 08:00", "Rota attached."),
                   "Fri, 10 Jan 2025 08:30:00 +0000"))
    out.append(msg(JANE, "jane.smith@gmail.com", "RE: Surgery dates",
                   outlook_fwd(CHRIS, JANE, "Surgery dates",
                               "10 January 2025 09:00", "Dates below."),
                   "Fri, 10 Jan 2025 11:00:00 +0000"))
    enc = Header("Jane Smith", "utf-8").encode()
    out.append(msg('%s <"jane smith"@gmail.com>' % enc, CHRIS,
                   "Surgery list", "List for Saturday.",
                   "Sat, 11 Jan 2025 07:00:00 +0000"))
    out.append(msg(CONST, CHRIS, "Thank you", "Thanks for your help.",
                   "Sat, 11 Jan 2025 09:00:00 +0000"))
    out.append(msg(CHRIS, "Caseworkers: %s, %s;" % (JANE, TOM),
                   "Plan for next week", "See you Monday.",
                   "Sun, 12 Jan 2025 18:00:00 +0000",
                   cc='"Smith, Janey" <janey.s@gmail.com>'))
    out.append(msg(JANE, "jane.smith@gmail.com", "Fwd: Noise complaint",
                   apple_fwd("Dee Ray <dee.ray@example.com>", CHRIS,
                             "Noise complaint", "13 January 2025",
                             "The club is loud every night."),
                   "Mon, 13 Jan 2025 08:00:00 +0000",
                   cte="quoted-printable"))
    out.append(msg(JANE, "jane.smith@gmail.com", "Fwd: Pothole",
                   tbird_fwd("Eve Hart <eve.hart@example.co.uk>", CHRIS,
                             "Pothole", "14 January 2025",
                             "Mill Lane again."),
                   "Tue, 14 Jan 2025 08:00:00 +0000", cte="base64"))
    # a constituent writes to the office and to Jane's old Gmail
    out.append(msg("Fay Moss <fay.moss@btinternet.com>", CHRIS,
                   "School place", "Please help with a school place.",
                   "Wed, 15 Jan 2025 08:00:00 +0000",
                   cc="jane.smith@gmail.com"))
    # the office forwards a council reply to the constituent: casework
    # as it should be, no finding
    out.append(msg(JANE, CONST, "Fwd: Council reply",
                   gmail_fwd("Housing <housing@exampleshire.gov.uk>", JANE,
                             "Your case", "16 Jan 2025", "We will visit."),
                   "Thu, 16 Jan 2025 08:00:00 +0000"))
    return out


def campaign():
    out = []
    names = ["Amy Reid", "Jane Smithers", "Chris Jones", "Tom Okafor-Brown",
             "Raj Patel", "Li Wei", "Sara Khan", "Ben Ford", "Kim Lowe",
             "Ian Shaw"]
    doms = ["gmail.com", "hotmail.com", "yahoo.co.uk", "outlook.com",
            "icloud.com", "btinternet.com", "live.co.uk", "aol.com"]
    text = ("Dear Chris Member MP,\n\nPlease oppose the closure of "
            "Exampleshire Library. It matters to our town.\n\nYours "
            "sincerely,\n%s\n")
    for i in range(40):
        n = names[i % len(names)]
        local = n.lower().replace(" ", ".") + str(i)
        addr = "%s@%s" % (local, doms[i % len(doms)])
        m = msg("%s <%s>" % (n, addr), CHRIS, "Save Exampleshire Library",
                text % n, "Mon, 03 Feb 2025 %02d:%02d:00 +0000" %
                (8 + i // 10, i % 60), mid="<camp%02d@campaign.example>" % i)
        out.append(m)
        if i % 10 == 0:  # the same message delivered twice
            out.append(m)
    out.append(msg(JANE, "jane.smith@gmail.com",
                   "Fwd: Save Exampleshire Library",
                   gmail_fwd("Amy Reid <amy.reid0@gmail.com>", CHRIS,
                             "Save Exampleshire Library", "3 Feb 2025",
                             text % "Amy Reid"),
                   "Tue, 04 Feb 2025 08:00:00 +0000"))
    return out


def write_mbox(path, msgs):
    if os.path.exists(path):
        os.remove(path)
    mb = mailbox.mbox(path)
    for m in msgs:
        mb.add(m)
    mb.close()


def maildir():
    if os.path.exists("Maildir"):
        shutil.rmtree("Maildir")
    md = mailbox.Maildir("Maildir", create=True)
    md.add(msg("Tommy Okafor <tommyokafor@protonmail.com>", TOM,
               "Draft speech", "Draft attached later.",
               "Mon, 10 Feb 2025 20:00:00 +0000"))
    md.add(msg(TOM, "tommyokafor@protonmail.com", "FW: Flooding",
               outlook_fwd("Gus Reed <gus.reed@example.com>", CHRIS,
                           "Flooding", "10 February 2025 09:00",
                           "The drains overflow."),
               "Tue, 11 Feb 2025 09:00:00 +0000"))
    md.add(msg(CONST, TOM, "Hello", "Hello again.",
               "Wed, 12 Feb 2025 09:00:00 +0000"))
    md.close()
    # deterministic names (Maildir's own hold the time, host and pid)
    for i, name in enumerate(sorted(os.listdir("Maildir/new"))):
        os.rename("Maildir/new/" + name,
                  "Maildir/%s/17390%05d.M1P1.test%s" % (
                      "cur" if i == 0 else "new", i,
                      ":2,S" if i == 0 else ""))
    with open("Maildir/dovecot-uidlist", "w") as f:
        f.write("3 V1 N4\n1 :1\n")
    with open("Maildir/tmp/1739000000.P1.host", "w") as f:
        f.write("From: Tom Okafor <tommyokafor@protonmail.com>\n"
                "To: x@parliament.uk\nSubject: half\n\nnot delivered\n")


def emls():
    if os.path.exists("eml"):
        shutil.rmtree("eml")
    os.mkdir("eml")
    # an Outlook forward with only an HTML body
    html = ("<html><body><p>For tonight.</p><hr><div><b>From:</b> Hal Ito "
            "&lt;hal.ito@example.net&gt;<br><b>Sent:</b> 17 February 2025 "
            "08:00<br><b>To:</b> Chris Member MP<br><b>Subject:</b> Parking"
            "</div><p>Parking on Elm Road is impossible.</p></body></html>")
    ms = [msg(JANE, "Jane Smith <jane.smith@gmail.com>", "FW: Parking", None,
              "Mon, 17 Feb 2025 18:00:00 +0000", html=html),
          msg("Janey Smith <janey.s@gmail.com>", JANE, "Tomorrow",
              "Running late tomorrow.", "Tue, 18 Feb 2025 07:00:00 +0000",
              cte="quoted-printable")]
    for i, m in enumerate(ms):
        with open("eml/%02d.eml" % (i + 1), "wb") as f:
            f.write(bytes(m))
    with open("eml/03-not-mail.eml", "wb") as f:
        f.write(b"\x00\x01\x02 this is not a mail message \xff\xfe")


# source, staff member, address, rule, messages
EXPECTED = """casework.mbox	Jane Smith	jane.smith@gmail.com	personal_address_in_use	7
casework.mbox	Jane Smith	jane.smith@gmail.com	casework_forwarded_personal	3
casework.mbox	Jane Smith	jsmith1979@hotmail.co.uk	personal_address_in_use	1
casework.mbox	Jane Smith	jsmith1979@hotmail.co.uk	casework_forwarded_personal	1
casework.mbox	Jane Smith	smithj@outlook.com	personal_address_in_use	1
casework.mbox	Jane Smith	smithj@outlook.com	casework_forwarded_personal	1
casework.mbox	Jane Smith	jane smith@gmail.com	personal_address_in_use	1
casework.mbox	Jane Smith	janey.s@gmail.com	personal_address_in_use	1
casework.mbox	Tom Okafor	t.okafor.home@yahoo.co.uk	personal_address_in_use	1
campaign.mbox	Jane Smith	jane.smith@gmail.com	personal_address_in_use	1
campaign.mbox	Jane Smith	jane.smith@gmail.com	casework_forwarded_personal	1
Maildir	Tom Okafor	tommyokafor@protonmail.com	personal_address_in_use	2
Maildir	Tom Okafor	tommyokafor@protonmail.com	casework_forwarded_personal	1
eml	Jane Smith	jane.smith@gmail.com	personal_address_in_use	1
eml	Jane Smith	jane.smith@gmail.com	casework_forwarded_personal	1
eml	Jane Smith	janey.s@gmail.com	personal_address_in_use	1
"""

if __name__ == "__main__":
    write_mbox("casework.mbox", casework())
    write_mbox("campaign.mbox", campaign())
    maildir()
    emls()
    with open("expected.tsv", "w") as f:
        f.write(EXPECTED)

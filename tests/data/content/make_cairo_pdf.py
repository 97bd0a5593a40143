#!/usr/bin/python3
"""Writes tests/data/content/pdf/cairo.pdf with a real PDF writer: cairo
(Debian's python3-cairo with fonts-dejavu-core, run with /usr/bin/python3),
which embeds subset TrueType fonts as Type0/Identity-H with /ToUnicode maps
and Flate streams, as LibreOffice's and Word's exports do. The committed file
is what the tests read; this script only regenerates it. Every person and
number here is synthetic.

    /usr/bin/python3 make_cairo_pdf.py OUT
"""
import sys

import cairo

LINES = ["Dear Ms Example,", "Re: housing appeal for Mr Evan Sample",
         "NI number: JK 48 27 39 B   Date of birth: 14/03/1985",
         "NHS number 943 476 5919, mobile 07911 123458, email evan.sample@outlook.com",
         "Caf\u00e9 r\u00e9sum\u00e9 \u2013 \u201cquoted\u201d \ufb01ne"]


def main():
    s = cairo.PDFSurface(sys.argv[1], 595, 842)
    c = cairo.Context(s)
    c.select_font_face("DejaVu Sans")
    c.set_font_size(11)
    y = 80
    for line in LINES:
        c.move_to(56, y)
        c.show_text(line)
        y += 16
    c.show_page()
    c.move_to(56, 80)
    c.show_text("Page two: passport 123456789 for Evan")
    s.finish()


if __name__ == "__main__":
    main()

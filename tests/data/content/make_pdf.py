#!/usr/bin/python3
"""Writes small synthetic PDFs for the content tests, the way real writers
lay them out. Python standard library only (zlib). Every person is made up.

    make_pdf.py KIND OUT

KIND:
  simple     Helvetica (WinAnsi), plain content, classic xref table, two
             pages, lines by Td/T*/', words split over Tj by pen moves
  word       what Word and LibreOffice's "Save as PDF" write: a Type0 font,
             Identity-H with a /ToUnicode CMap (bfchar and bfrange),
             FlateDecode content, TJ with kerning and word gaps, Tm moves,
             objects in an object stream, a cross-reference stream with a
             PNG predictor
  broken     the simple PDF with its xref offsets wrong and no startxref
  encrypted  a PDF whose trailer names an /Encrypt dictionary
  filters    content through ASCII85Decode and ASCIIHexDecode, a form
             XObject, an inline image, and /Differences
  nomap      the word PDF without its /ToUnicode map (glyph ids only)
  form       a filled-in form: the values in AcroForm fields
  scan       one page with only an image (no text layer)
  bomb       a content stream that inflates far past 100 times its size
  lzw        content through LZWDecode (a filter portcullis refuses)
  text       make_pdf.py text OUT TEXTFILE: the text laid out as Word does
             (Identity-H + ToUnicode, a TJ per line, Flate), for benchmarks
"""
import sys
import zlib

NINO = "WR 48 27 39 C"


def pdf_str(s):
    return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


class Writer:
    def __init__(self):
        self.objs = {}

    def add(self, num, body, stream=None):
        self.objs[num] = (body, stream)

    def obj_bytes(self, num):
        body, stream = self.objs[num]
        out = b"%d 0 obj\n" % num
        if stream is None:
            return out + body.encode("latin-1") + b"\nendobj\n"
        return (out + body.encode("latin-1") + b"\nstream\n" + stream +
                b"\nendstream\nendobj\n")

    def classic(self, root, extra_trailer="", break_offsets=False, no_startxref=False):
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offs = {}
        for num in sorted(self.objs):
            offs[num] = len(out)
            out += self.obj_bytes(num)
        size = max(self.objs) + 1
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for num in range(1, size):
            off = offs.get(num, 0) + (7 if break_offsets else 0)
            out += b"%010d 00000 n \n" % off
        out += ("trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (size, root, extra_trailer)).encode()
        if not no_startxref:
            out += b"startxref\n%d\n" % xref
        out += b"%%EOF\n"
        return bytes(out)

    def modern(self, root, in_objstm):
        """Objects in in_objstm go into an object stream; an xref stream
        with a PNG Up predictor (as Word writes) indexes everything."""
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        stm_num = max(self.objs) + 1
        xref_num = stm_num + 1
        head, data = [], bytearray()
        for i, num in enumerate(in_objstm):
            head.append("%d %d" % (num, len(data)))
            data += self.objs[num][0].encode("latin-1") + b"\n"
        first = " ".join(head).encode() + b"\n"
        packed = zlib.compress(first + bytes(data))
        offs, where = {}, {}
        for num in sorted(self.objs):
            if num in in_objstm:
                continue
            offs[num] = len(out)
            out += self.obj_bytes(num)
        offs[stm_num] = len(out)
        self.objs[stm_num] = ("<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>"
                              % (len(in_objstm), len(first), len(packed)), packed)
        out += self.obj_bytes(stm_num)
        offs[xref_num] = len(out)
        rows = []
        for num in range(0, xref_num + 1):
            if num == 0:
                rows.append((0, 0, 255))
            elif num in in_objstm:
                rows.append((2, stm_num, in_objstm.index(num)))
            else:
                rows.append((1, offs[num], 0))
        raw, prev = bytearray(), bytes(6)
        for t, f2, f3 in rows:
            row = bytes([t]) + f2.to_bytes(4, "big") + bytes([f3])
            raw += b"\x02" + bytes((row[i] - prev[i]) & 0xff for i in range(6))
            prev = row
        xs = zlib.compress(bytes(raw))
        out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 1] /Root %d 0 R "
                b"/Filter /FlateDecode /DecodeParms << /Columns 6 /Predictor 12 >> "
                b"/Length %d >>\nstream\n" % (xref_num, xref_num + 1, root, len(xs)))
        out += xs + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offs[xref_num]
        return bytes(out)


def pages_tree(w, kids):
    w.add(1, "<< /Type /Catalog /Pages 2 0 R >>")
    w.add(2, "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join("%d 0 R" % k for k in kids), len(kids)))


HELV = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def simple():
    w = Writer()
    pages_tree(w, [3, 4])
    res = "<< /Font << /F1 5 0 R >> >>"
    page1 = "\n".join([
        "BT /F1 12 Tf 14 TL 72 720 Td",
        "%s Tj" % pdf_str("Case note for Dana Example"),
        "T* %s Tj" % pdf_str("NI number: " + NINO),
        # a date split over two Tj with a pen move between the words
        "0 -14 Td %s Tj 70 0 Td %s Tj" % (pdf_str("Date of birth:"), pdf_str("03/09/1957")),
        r"(Caf\351 visit, \(urgent\)) '",  # an octal escape, escaped parens
        "ET"])
    page2 = "BT /F1 12 Tf 72 720 Td %s Tj 0 -14 Td %s Tj ET" % (
        pdf_str("Second page"), pdf_str("Mobile 07911 123456"))
    w.add(3, "<< /Type /Page /Parent 2 0 R /Resources %s /Contents 6 0 R /MediaBox [0 0 612 792] >>" % res)
    w.add(4, "<< /Type /Page /Parent 2 0 R /Resources %s /Contents 7 0 R /MediaBox [0 0 612 792] >>" % res)
    w.add(5, HELV)
    w.add(6, "<< /Length %d >>" % len(page1), page1.encode("latin-1"))
    w.add(7, "<< /Length %d >>" % len(page2), page2.encode("latin-1"))
    return w


def utf16hex(s):
    return "".join("%04X" % ord(c) for c in s)


def word(tounicode=True):
    """Glyph ids are made up (as a subset font's are): letters from 3 up in
    the order first seen; the CMap gives bfchar for some, bfrange for
    digits."""
    text = ["Constituent: Dana Example", "NI number: " + NINO,
            "Date of birth: 3 September 1957", "Email: dana.example@gmail.com"]
    gid = {}
    for ch in "0123456789":
        gid[ch] = 100 + int(ch)          # digits: one bfrange <0064> <006D>
    for line in text:
        for ch in line:
            if ch not in gid:
                gid[ch] = 3 + len([g for g in gid.values() if g < 100])

    def hexs(s):
        return "<" + "".join("%04X" % gid[c] for c in s) + ">"

    ops = ["BT"]
    y = 760
    for line in text:
        # each word its own TJ element with a kerning number inside words
        # and a wide negative number (a gap) between them, as Word does
        ops.append("/F1 11 Tf 1 0 0 1 72 %d Tm" % y)
        parts = []
        for word_ in line.split(" "):
            if len(word_) > 2:
                parts.append(hexs(word_[:2]) + " -12 " + hexs(word_[2:]))
            else:
                parts.append(hexs(word_))
        ops.append("[" + " -278 ".join(parts) + "] TJ")
        y -= 16
    ops.append("ET")
    content = zlib.compress("\n".join(ops).encode())
    bfchar = ["<%04X> <%s>" % (g, utf16hex(c)) for c, g in sorted(gid.items(), key=lambda x: x[1]) if g < 100]
    cmap = "\n".join([
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
        "%d beginbfchar" % len(bfchar)] + bfchar + [
        "endbfchar", "1 beginbfrange <0064> <006D> <0030> endbfrange",
        "endcmap CMapName currentdict /CMap defineresource pop end end"])
    cmapz = zlib.compress(cmap.encode())
    w = Writer()
    pages_tree(w, [3])
    w.add(3, "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /MediaBox [0 0 595 842] >>")
    w.add(4, "<< /Filter /FlateDecode /Length %d >>" % len(content), content)
    w.add(5, "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Calibri /Encoding /Identity-H "
          "/DescendantFonts [6 0 R]%s >>" % (" /ToUnicode 7 0 R" if tounicode else ""))
    w.add(6, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Calibri "
          "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
          "/DW 500 /W [3 [226 579 544] 100 109 507] >>")
    w.add(7, "<< /Filter /FlateDecode /Length %d >>" % len(cmapz), cmapz)
    return w.modern(1, [1, 2, 3, 5, 6])


def filters():
    w = Writer()
    pages_tree(w, [3])
    # /Differences: codes 1-3 are named glyphs (a subset font's custom codes)
    enc = "<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1 /N /I /space] >>"
    body = ("q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xff EI Q "
            "BT /F1 12 Tf 72 700 Td <010203> Tj (number ) Tj (" + NINO + ") Tj ET /X1 Do")
    a85 = a85encode(body.encode("latin-1"))
    hexed = a85.hex().upper().encode() + b">"
    form = b"BT /F1 12 Tf 72 600 Td (Date of birth 03/09/1957) Tj ET"
    w.add(3, "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> /Contents 4 0 R >>")
    w.add(4, "<< /Filter [/ASCIIHexDecode /ASCII85Decode] /Length %d >>" % len(hexed), hexed)
    w.add(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding %s >>" % enc)
    w.add(6, "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Length %d >>" % len(form), form)
    return w


def a85encode(b):
    out = bytearray(b"<~")
    for i in range(0, len(b), 4):
        chunk = b[i:i + 4]
        n = len(chunk)
        v = int.from_bytes(chunk + bytes(4 - n), "big")
        if v == 0 and n == 4:
            out += b"z"
            continue
        digits = []
        for _ in range(5):
            digits.append(v % 85)
            v //= 85
        out += bytes(33 + d for d in reversed(digits))[:n + 1]
    return bytes(out + b"~>")


def scan():
    w = Writer()
    pages_tree(w, [3])
    img = zlib.compress(bytes(64))
    w.add(3, "<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>")
    body = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
    w.add(4, "<< /Length %d >>" % len(body), body)
    w.add(5, "<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
          "/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>" % len(img), img)
    return w


def form():
    """A filled-in form: values in AcroForm fields (one UTF-16), a parent
    field with a kid, as a constituent's returned form has them."""
    w = Writer()
    w.add(1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R 7 0 R 8 0 R] >> >>")
    w.add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    body = "BT /F1 12 Tf 72 720 Td (Blue badge application) Tj ET"
    w.add(3, "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>")
    w.add(4, "<< /Length %d >>" % len(body), body.encode())
    w.add(5, HELV)
    w.add(6, "<< /FT /Tx /T (Full name) /V (Dana Example) >>")
    w.add(7, "<< /FT /Tx /T (NI number) /V <FEFF%s> >>" % utf16hex(NINO))
    w.add(8, "<< /T (Applicant) /Kids [9 0 R 8 0 R] >>")
    w.add(9, "<< /FT /Tx /T (Date of birth) /V (03/09/1957) >>")
    return w


def from_text(src, lines_per_page=50):
    """A text file as Word lays it out: Identity-H glyph ids with a
    ToUnicode map, each word a TJ string, a gap of -278 between words,
    a Tm per line, Flate-compressed pages (for the benchmark)."""
    with open(src, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    gid = {}

    def g(c):
        if c not in gid:
            gid[c] = 3 + len(gid)
        return gid[c]
    pages = []
    for i in range(0, len(lines), lines_per_page):
        ops, y = ["BT"], 800
        for line in lines[i:i + lines_per_page]:
            words = [w_ for w_ in line.split(" ") if w_]
            if words:
                ops.append("/F1 10 Tf 1 0 0 1 56 %d Tm" % y)
                ops.append("[" + " -278 ".join(
                    "<" + "".join("%04X" % g(c) for c in w_) + ">" for w_ in words) + "] TJ")
            y -= 15
        ops.append("ET")
        pages.append(zlib.compress("\n".join(ops).encode()))
    bfchar = ["<%04X> <%s>" % (v, utf16hex(c)) for c, v in gid.items() if ord(c) < 0x10000]
    chunks = ["%d beginbfchar\n%s\nendbfchar" % (len(bfchar[k:k + 100]), "\n".join(bfchar[k:k + 100]))
              for k in range(0, len(bfchar), 100)]
    cmap = zlib.compress(("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                          "1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
                          "\n".join(chunks) + "\nendcmap end end").encode())
    w = Writer()
    kids = [10 + 2 * k for k in range(len(pages))]
    pages_tree(w, kids)
    w.add(5, "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Calibri /Encoding /Identity-H "
          "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>")
    # every glyph's width listed, as Word does (a W entry per glyph)
    widths = " ".join("%d [%d]" % (v, 450 + (v * 37) % 200) for v in sorted(gid.values()))
    w.add(6, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Calibri /DW 500 /W [%s] >>" % widths)
    w.add(7, "<< /Filter /FlateDecode /Length %d >>" % len(cmap), cmap)
    for k, z in enumerate(pages):
        w.add(10 + 2 * k, "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> "
              "/Contents %d 0 R /MediaBox [0 0 595 842] >>" % (11 + 2 * k))
        w.add(11 + 2 * k, "<< /Filter /FlateDecode /Length %d >>" % len(z), z)
    return w


def bomb():
    w = Writer()
    pages_tree(w, [3])
    z = zlib.compress(b"BT " + b" " * (64 << 20) + b" ET", 9)
    w.add(3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>")
    w.add(4, "<< /Filter /FlateDecode /Length %d >>" % len(z), z)
    return w


def lzw():
    w = simple()
    body, _ = w.objs[6]
    w.objs[6] = ("<< /Filter /LZWDecode /Length 4 >>", b"\x80\x0b\x60\x50")
    return w


def main():
    kind, out = sys.argv[1], sys.argv[2]
    if kind == "text":
        data = from_text(sys.argv[3]).classic(1)
    elif kind == "word":
        data = word()
    elif kind == "form":
        data = form().classic(1)
    elif kind == "nomap":
        data = word(tounicode=False)
    elif kind == "simple":
        data = simple().classic(1)
    elif kind == "broken":
        data = simple().classic(1, break_offsets=True, no_startxref=True)
    elif kind == "encrypted":
        w = simple()
        w.add(8, "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 "
              "/O <00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF> "
              "/U <00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF> >>")
        data = w.classic(1, extra_trailer="/Encrypt 8 0 R /ID [<01> <01>] ")
    elif kind == "filters":
        data = filters().classic(1)
    elif kind == "scan":
        data = scan().classic(1)
    elif kind == "bomb":
        data = bomb().classic(1)
    elif kind == "lzw":
        data = lzw().classic(1)
    else:
        sys.exit("unknown kind " + kind)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()

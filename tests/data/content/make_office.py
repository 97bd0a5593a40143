#!/usr/bin/python3
"""Writes tiny synthetic Word/Excel/OpenDocument files for the content tests.

Python standard library only (zipfile). Every person here is synthetic.
    make_office.py docx OUT "paragraph" ["paragraph" ...]
    make_office.py xlsx OUT "a,b,c" ["row2 cells" ...]   (comma-separated rows)
    make_office.py odt  OUT "paragraph" ...
    make_office.py bomb OUT MEGABYTES     (a .docx whose document.xml inflates hugely)
"""
import sys
import zipfile
from xml.sax.saxutils import escape

CT_DOCX = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           '<Default Extension="xml" ContentType="application/xml"/>'
           '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
           '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="%s"/>'
        '</Relationships>')
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'


def docx(out, paras):
    body = ''.join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(p) for p in paras)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W, body))
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT_DOCX)
        z.writestr('_rels/.rels', RELS % 'word/document.xml')
        z.writestr('word/document.xml', doc)


def xlsx(out, rows):
    strings = []
    sheet_rows = []
    for i, row in enumerate(rows, 1):
        cells = []
        for j, v in enumerate(row.split(',')):
            ref = '%s%d' % (chr(ord('A') + j), i)
            if v.isdigit():
                cells.append('<c r="%s"><v>%s</v></c>' % (ref, v))
            else:
                strings.append(v)
                cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, len(strings) - 1))
        sheet_rows.append('<row r="%d">%s</row>' % (i, ''.join(cells)))
    ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s" count="%d">%s</sst>'
           % (ns, len(strings), ''.join('<si><t>%s</t></si>' % escape(s) for s in strings)))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>'
             % (ns, ''.join(sheet_rows)))
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="%s"><sheets><sheet name="Cases" sheetId="1"/></sheets></workbook>' % ns)
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('_rels/.rels', RELS % 'xl/workbook.xml')
        z.writestr('xl/workbook.xml', wb)
        z.writestr('xl/sharedStrings.xml', sst)
        z.writestr('xl/worksheets/sheet1.xml', sheet)


def odt(out, paras):
    body = ''.join('<text:p>%s</text:p>' % escape(p) for p in paras)
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>%s'
               '</office:text></office:body></office:document-content>' % body)
    with zipfile.ZipFile(out, 'w') as z:
        z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.text')
        z.writestr('content.xml', content, compress_type=zipfile.ZIP_DEFLATED)


def bomb(out, megabytes):
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT_DOCX)
        with z.open('word/document.xml', 'w') as f:
            f.write(b'<?xml version="1.0"?><w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>' % W.encode())
            block = b'\0' * (1 << 20)
            for _ in range(megabytes):
                f.write(block)
            f.write(b'</w:t></w:r></w:p></w:body></w:document>')


def main():
    kind, out, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    if kind == 'docx':
        docx(out, rest)
    elif kind == 'xlsx':
        xlsx(out, rest)
    elif kind == 'odt':
        odt(out, rest)
    elif kind == 'bomb':
        bomb(out, int(rest[0]))
    else:
        sys.exit('unknown kind %s' % kind)


if __name__ == '__main__':
    main()

/* Office documents (docx, xlsx, pptx, odt, ods, odp): zip + XML to text. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

#include "zip.h"
#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "extract_int.h"

/* The local name of the reader's current node ("p" for "w:p"). */
static const char *
xml_local(xmlTextReaderPtr rd)
{
	const xmlChar *n = xmlTextReaderConstLocalName(rd);

	return n ? (const char *)n : "";
}

/* Word/ODF/PowerPoint XML text: paragraphs become lines. */
static int
office_xml_text(struct pc_emit *e, const struct pc_buf *xml)
{
	xmlTextReaderPtr rd;
	const char *name, *v;
	unsigned long paragraph = 0;
	char where[48];
	int t, r = 0, ok;

	rd = xmlReaderForMemory(xml->data, (int)xml->len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
		XML_PARSE_COMPACT);
	if (rd == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory for XML");
	while (r == 0 && (ok = xmlTextReaderRead(rd)) == 1) {
		t = xmlTextReaderNodeType(rd);
		name = xml_local(rd);
		if (t == XML_READER_TYPE_ELEMENT &&
		    (strcmp(name, "p") == 0 || strcmp(name, "h") == 0)) {
			/* a person finds text by its paragraph number */
			snprintf(
			    where, sizeof(where), "paragraph %lu", ++paragraph);
			r = pc_emit_mark(
			    e, &(struct pc_text_mark){ .locator = where });
		}
		if (r != 0)
			break;
		if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
		    t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			v = (const char *)xmlTextReaderConstValue(rd);
			if (v != NULL)
				r = pc_emit_str(e, v);
		} else if (t == XML_READER_TYPE_ELEMENT) {
			if (strcmp(name, "tab") == 0)
				r = pc_emit_str(e, "\t");
			else if (strcmp(name, "br") == 0 ||
			    strcmp(name, "cr") == 0 ||
			    strcmp(name, "line-break") == 0)
				r = pc_emit_str(e, "\n");
			else if (strcmp(name, "s") == 0)
				r = pc_emit_str(e, " ");
			else if (strcmp(name, "table-cell") == 0 ||
			    strcmp(name, "tc") == 0)
				r = pc_emit_str(e, " ");
			if (r == 0 && xmlTextReaderIsEmptyElement(rd) &&
			    (strcmp(name, "p") == 0 || strcmp(name, "h") == 0))
				r = pc_emit_str(e, "\n");
		} else if (t == XML_READER_TYPE_END_ELEMENT) {
			if (strcmp(name, "p") == 0 || strcmp(name, "h") == 0 ||
			    strcmp(name, "table-row") == 0)
				r = pc_emit_str(e, "\n");
		}
	}
	if (r == 0 && ok < 0)
		pc_emit_skip(e,
		    "damaged XML inside an office document (text up to the damage was read)");
	xmlFreeTextReader(rd);
	return r;
}

/* Reads one member and emits its text as a unit. */
static int
office_member(struct pc_emit *e, struct pc_zip *z, const struct pc_zip_entry *m,
    const struct pc_text_loc *at)
{
	struct pc_text_loc loc = *at;
	struct pc_buf xml;
	int r;

	if (pc_zip_read(z, m, &xml) != 0) {
		if (pc_error_code() == PC_ELIMIT)
			return PC_ELIMIT; /* a bomb: refuse the whole file */
		pc_emit_skip(e, pc_error_get());
		return 0;
	}
	loc.exact = false;
	loc.member = m->name;
	loc.base_offset = m->local_offset;
	loc.base_line = 1;
	if ((r = pc_emit_begin(e, &loc)) == 0 &&
	    (r = office_xml_text(e, &xml)) == 0)
		r = pc_emit_end(e);
	pc_buf_free(&xml);
	return r;
}

/* xlsx shared strings, each a NUL-terminated string in one buffer. */
struct strings {
	struct pc_buf text;
	size_t *offs;
	size_t n, alloc;
};

/* Loads xl/sharedStrings.xml into s. */
static int
xlsx_strings(struct pc_zip *z, struct strings *s)
{
	const struct pc_zip_entry *m = pc_zip_find(z, "xl/sharedStrings.xml");
	xmlTextReaderPtr rd = NULL;
	struct pc_buf xml;
	size_t *grown;
	int t, r = 0, depth_si = -1;
	const char *v;

	pc_buf_init(&s->text, PC_ZIP_MAX_MEMBER);
	if (m == NULL)
		return 0;
	if ((r = pc_zip_read(z, m, &xml)) != 0)
		return r;
	rd = xmlReaderForMemory(xml.data, (int)xml.len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	while (rd != NULL && r == 0 && xmlTextReaderRead(rd) == 1) {
		t = xmlTextReaderNodeType(rd);
		if (t == XML_READER_TYPE_ELEMENT &&
		    strcmp(xml_local(rd), "si") == 0) {
			if (s->n == s->alloc) {
				if (s->n >= XLSX_MAX_STRINGS) {
					r = pc_error_set(PC_ELIMIT,
					    "too many shared strings");
					break;
				}
				s->alloc = s->alloc ? s->alloc * 2 : 256;
				grown = realloc(
				    s->offs, s->alloc * sizeof(*s->offs));
				if (grown == NULL) {
					r = pc_error_set(
					    PC_ENOMEM, "out of memory");
					break;
				}
				s->offs = grown;
			}
			s->offs[s->n++] = s->text.len;
			depth_si = xmlTextReaderDepth(rd);
			if (xmlTextReaderIsEmptyElement(rd))
				r = pc_buf_add(&s->text, "", 1);
		} else if (t == XML_READER_TYPE_END_ELEMENT &&
		    strcmp(xml_local(rd), "si") == 0) {
			r = pc_buf_add(&s->text, "", 1);
			depth_si = -1;
		} else if (depth_si >= 0 &&
		    (t == XML_READER_TYPE_TEXT ||
			t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			v = (const char *)xmlTextReaderConstValue(rd);
			if (v != NULL)
				r = pc_buf_adds(&s->text, v);
		}
	}
	xmlFreeTextReader(rd);
	pc_buf_free(&xml);
	return r;
}

/* Column index of a cell reference ("C7" -> 2); -1 when there is none. */
static long
xlsx_column(const char *ref)
{
	long col = 0;
	int n = 0;

	for (; ref != NULL && *ref >= 'A' && *ref <= 'Z' && n < 3; ref++, n++)
		col = col * 26 + (*ref - 'A' + 1);
	return n == 0 ? -1 : col - 1;
}

/*
 * Header names of a worksheet, learnt from its first row as CSV's are: a
 * first row with no digits and two or more names labels the cells below it
 * ("NHS number: 943 476 5919"), so detectors that need a word near (NHS,
 * passport, date of birth) work on spreadsheets as they do on CSV exports.
 */
#define PC_XLSX_WHERE 128

struct xlsx_names {
	char names[CSV_MAX_COLS][CSV_MAX_NAME];
	size_t nnames;
	bool first_row, digits, use;
	char sheet[80]; /* the tab's name, or "" */
	char ref[16];   /* the cell being read ("C14"), or "" */
};

/* Adds text of the first row's cell col to its name. */
static void
xlsx_name_add(struct xlsx_names *h, long col, const char *v)
{
	const char *p;
	size_t l;

	if (col < 0 || col >= CSV_MAX_COLS)
		return;
	for (p = v; *p; p++)
		if (isdigit((unsigned char)*p))
			h->digits = true;
	l = strlen(h->names[col]);
	snprintf(h->names[col] + l, CSV_MAX_NAME - l, "%s", v);
	if ((size_t)col + 1 > h->nnames)
		h->nnames = (size_t)col + 1;
}

/*
 * Emits one cell's text, prefixed by its column's name after the header,
 * and marked with its place as a person sees it ("Cases!C14").
 */
static int
xlsx_cell_text(struct pc_emit *e, struct xlsx_names *h, long col,
    bool cell_first, const char *v)
{
	char where[PC_XLSX_WHERE];
	int r = 0;

	if (h->first_row) {
		xlsx_name_add(h, col, v);
	} else if (cell_first && h->use && col >= 0 &&
	    (size_t)col < h->nnames && h->names[col][0]) {
		if ((r = pc_emit_str(e, h->names[col])) == 0)
			r = pc_emit_str(e, ": ");
	}
	if (r == 0 && cell_first && h->ref[0] != '\0') {
		if (h->sheet[0] != '\0')
			snprintf(
			    where, sizeof(where), "%s!%s", h->sheet, h->ref);
		else
			snprintf(where, sizeof(where), "cell %s", h->ref);
		r = pc_emit_mark(e, &(struct pc_text_mark){ .locator = where });
	}
	return r == 0 ? pc_emit_str(e, v) : r;
}

/* Emits one worksheet: a unit per row, cells joined with "; ". */
static int
xlsx_sheet(struct pc_emit *e, struct pc_zip *z, const struct pc_zip_entry *m,
    const struct strings *s, const struct pc_text_loc *at)
{
	struct pc_text_loc loc = *at;
	struct xlsx_names *h;
	xmlTextReaderPtr rd;
	struct pc_buf xml;
	char type[16] = "", *end;
	const char *name, *v;
	bool in_v = false, in_t = false, first = true, cell_first = false;
	bool rows = false;
	unsigned long idx;
	long col = -1;
	xmlChar *a;
	int t, r = 0;

	if (pc_zip_read(z, m, &xml) != 0) {
		if (pc_error_code() == PC_ELIMIT)
			return PC_ELIMIT;
		pc_emit_skip(e, pc_error_get());
		return 0;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		pc_buf_free(&xml);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	h->first_row = true;
	pc_xlsx_sheet_name(z, m->name, h->sheet, sizeof(h->sheet));
	loc.exact = false;
	loc.member = m->name;
	loc.base_offset = m->local_offset;
	rd = xmlReaderForMemory(xml.data, (int)xml.len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	while (rd != NULL && r == 0 && xmlTextReaderRead(rd) == 1) {
		t = xmlTextReaderNodeType(rd);
		name = xml_local(rd);
		if (t == XML_READER_TYPE_ELEMENT && strcmp(name, "row") == 0) {
			a = xmlTextReaderGetAttribute(rd, BAD_CAST "r");
			loc.base_line = a ? strtoull((char *)a, NULL, 10) : 0;
			xmlFree(a);
			if (rows && h->first_row) { /* the header row ended */
				h->first_row = false;
				h->use = !h->digits && h->nnames > 1;
			}
			rows = true;
			first = true;
			col = -1;
			r = pc_emit_begin(e, &loc);
		} else if (t == XML_READER_TYPE_END_ELEMENT &&
		    strcmp(name, "row") == 0) {
			r = pc_emit_end(e);
		} else if (t == XML_READER_TYPE_ELEMENT &&
		    strcmp(name, "c") == 0) {
			a = xmlTextReaderGetAttribute(rd, BAD_CAST "t");
			snprintf(type, sizeof(type), "%s", a ? (char *)a : "n");
			xmlFree(a);
			a = xmlTextReaderGetAttribute(rd, BAD_CAST "r");
			col = a ? xlsx_column((char *)a) : col + 1;
			snprintf(h->ref, sizeof(h->ref), "%.12s",
			    a ? (char *)a : "");
			xmlFree(a);
			cell_first = true;
		} else if (t == XML_READER_TYPE_ELEMENT &&
		    (strcmp(name, "v") == 0 || strcmp(name, "t") == 0)) {
			in_v = strcmp(name, "v") == 0;
			in_t = !in_v;
		} else if (t == XML_READER_TYPE_END_ELEMENT &&
		    (strcmp(name, "v") == 0 || strcmp(name, "t") == 0)) {
			in_v = in_t = false;
		} else if ((in_v || in_t) && t == XML_READER_TYPE_TEXT &&
		    (v = (const char *)xmlTextReaderConstValue(rd)) != NULL) {
			if (!first)
				r = pc_emit_str(e, "; ");
			first = false;
			if (r == 0 && in_v && strcmp(type, "s") == 0) {
				idx = strtoul(v, &end, 10);
				/* text.data is NULL when every string is
				 * empty (found by libFuzzer) */
				if (*end == '\0' && idx < s->n)
					r = xlsx_cell_text(e, h, col,
					    cell_first,
					    s->text.data
						? s->text.data + s->offs[idx]
						: "");
			} else if (r == 0) {
				r = xlsx_cell_text(e, h, col, cell_first, v);
			}
			cell_first = false;
		}
	}
	if (r == 0)
		r = pc_emit_end(e);
	xmlFreeTextReader(rd);
	pc_buf_free(&xml);
	free(h);
	return r;
}

/* Is name one of the Word parts that hold text? */
static bool
word_part(const char *name)
{
	return strcmp(name, "word/document.xml") == 0 ||
	    strcmp(name, "word/footnotes.xml") == 0 ||
	    strcmp(name, "word/endnotes.xml") == 0 ||
	    strcmp(name, "word/comments.xml") == 0 ||
	    ((strncmp(name, "word/header", 11) == 0 ||
		 strncmp(name, "word/footer", 11) == 0) &&
		pc_extract_ends_with(name, ".xml"));
}

/*
 * Does the file start as an OLE compound file (D0 CF 11 E0 A1 B1 1A E1)?
 * Office keeps a password-protected docx/xlsx/pptx as an encrypted
 * package inside one; an old .doc/.xls renamed is one too.
 */
static bool
ole_file(int fd, const char *mem, uint64_t size)
{
	static const unsigned char ole[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1,
		0xb1, 0x1a, 0xe1 };
	unsigned char head[8];
	ssize_t n;

	if (size < sizeof(head))
		return false;
	if (fd < 0)
		return memcmp(mem, ole, sizeof(ole)) == 0;
	do
		n = pread(fd, head, sizeof(head), 0);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(head) &&
	    memcmp(head, ole, sizeof(ole)) == 0;
}

/* Extracts a docx/xlsx/pptx/odt/ods/odp document. */
int
pc_extract_office(struct pc_emit *e, int fd, const char *mem, uint64_t size,
    const struct pc_text_loc *at)
{
	struct strings s = { 0 };
	struct pc_zip z;
	const char *name;
	size_t i, nread = 0;
	int r;

	if ((r = pc_zip_open(&z, fd, mem, size, at->path)) != 0)
		return r == PC_EPARSE && ole_file(fd, mem, size)
		    ? pc_error_set(PC_EPERM,
			  "%s: an OLE compound file, not a zip: a password-protected (encrypted) Office document, or an old-format .doc/.xls/.ppt renamed; its text cannot be read, so it was not scanned",
			  at->path)
		    : r;
	for (i = 0; i < z.nentries && r == 0; i++) {
		name = z.entries[i].name;
		if (word_part(name) || strcmp(name, "content.xml") == 0 ||
		    (strncmp(name, "ppt/slides/slide", 16) == 0 &&
			pc_extract_ends_with(name, ".xml"))) {
			r = office_member(e, &z, &z.entries[i], at);
			nread++;
		}
	}
	if (r == 0 && pc_zip_find(&z, "xl/workbook.xml") != NULL) {
		if ((r = xlsx_strings(&z, &s)) == 0) {
			for (i = 0; i < z.nentries && r == 0; i++) {
				name = z.entries[i].name;
				if (strncmp(name, "xl/worksheets/", 14) == 0 &&
				    strchr(name + 14, '/') == NULL &&
				    pc_extract_ends_with(name, ".xml")) {
					r = xlsx_sheet(
					    e, &z, &z.entries[i], &s, at);
					nread++;
				}
			}
		}
	}
	if (r == PC_ELIMIT && e->rc == 0) {
		/* keep the zip reader's message: it names the bomb */
	} else if (r == 0 && nread == 0) {
		r = pc_error_set(PC_EPARSE,
		    "%s: a zip archive without the text of a Word, Excel or OpenDocument file; not read",
		    at->path);
	}
	pc_buf_free(&s.text);
	free(s.offs);
	pc_zip_close(&z);
	if (e->rc != 0)
		return e->rc;
	return r;
}

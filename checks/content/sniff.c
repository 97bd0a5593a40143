/* Sniffing: a document's kind from its name and first bytes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ctype.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "extract_int.h"

/* Does path end with ext (case-insensitive)? */
bool
pc_extract_ends_with(const char *path, const char *ext)
{
	size_t pl = strlen(path), el = strlen(ext);

	return pl >= el && strcasecmp(path + pl - el, ext) == 0;
}

/* Length of an RFC 5322 field name ending in ':' at h, or 0. */
static size_t
field_name(const char *h, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 77; i++) {
		unsigned char c = (unsigned char)h[i];
		if (c == ':')
			return i;
		if (c <= 0x20 || c >= 0x7f)
			return 0; /* printable ASCII but space and ':' */
	}
	return 0;
}

/* True for a field a mail message has (not just any "Name: value"). */
static bool
mail_field(const char *name, size_t n)
{
	static const char *const names[] = { "From", "Date", "Message-ID",
		"Received", "Return-Path", "MIME-Version", "Delivered-To",
		"Subject", "To", "Reply-To", "Content-Type", NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == n &&
		    strncasecmp(name, names[i], n) == 0)
			return true;
	return false;
}

/*
 * Mail, by its header block (RFC 5322): from the first byte, lines that
 * are "Name: value" fields (or folded continuations) up to a blank line,
 * at least two fields and two of them fields mail has (From, Date,
 * Subject...), whichever comes first. A case note of "Name: value"
 * lines has names with spaces, or no mail fields, or no blank line
 * ending the block within the first bytes.
 */
static bool
looks_like_mail(const char *h, size_t n)
{
	size_t i = 0, fields = 0, known = 0, k, e;
	const char *nl;

	while (i < n) {
		if (h[i] == '\n' ||
		    (h[i] == '\r' && i + 1 < n && h[i + 1] == '\n'))
			return fields >= 2 && known >= 2; /* the blank line */
		if ((nl = memchr(h + i, '\n', n - i)) == NULL)
			return false; /* the block does not end in the head */
		e = (size_t)(nl - h);
		if (h[i] == ' ' || h[i] == '\t') {
			if (fields == 0)
				return false; /* a continuation of nothing */
		} else if ((k = field_name(h + i, e - i)) > 0) {
			fields++;
			known += mail_field(h + i, k);
		} else {
			return false;
		}
		i = e + 1;
	}
	return false;
}

/* Is the head binary (NUL bytes or mostly control characters)? */
bool
pc_extract_looks_binary(const char *h, size_t n)
{
	size_t i, ctl = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)h[i];

		if (c == 0)
			return true;
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
		    c != '\f' && c != 0x1b)
			ctl++;
	}
	return n > 0 && ctl * 10 > n;
}

/*
 * The text a file's first bytes hold, for sniffing: UTF-16 (after a BOM)
 * decoded into out (PC_EXTRACT_SNIFF bytes), a UTF-8 BOM skipped, other
 * bytes as they are. *len_out gets its length.
 */
const char *
pc_extract_sniff_text(const char *head, size_t n, char *out, size_t *len_out)
{
	struct pc_utf16 d;
	enum pc_bom bom;
	size_t skip, used;

	switch ((bom = pc_bom_detect(head, n, &skip))) {
	case PC_BOM_UTF16LE:
	case PC_BOM_UTF16BE:
		pc_utf16_init(&d, bom == PC_BOM_UTF16BE);
		*len_out = pc_utf16_decode(
		    &d, head + skip, n - skip, &used, out, PC_EXTRACT_SNIFF);
		return out;
	default: *len_out = n - skip; return head + skip;
	}
}

/*
 * A PDF: "%PDF-" within the first 1024 bytes (readers accept some bytes
 * before it, as some mail and print tools leave).
 */
bool
pc_extract_is_pdf(const char *head, size_t n)
{
	return memmem(head, n < 1024 ? n : 1024, "%PDF-", 5) != NULL;
}

/* The kind for a name and the text of its first bytes. */
enum pc_doc_kind
pc_extract_kind_of(const char *path, const char *head, size_t headlen)
{
	static const char *const office[] = { ".docx", ".docm", ".xlsx",
		".xlsm", ".pptx", ".odt", ".ods", ".odp", NULL };
	size_t i;

	if (head != NULL && headlen >= 4 && memcmp(head, "PK\3\4", 4) == 0) {
		for (i = 0; office[i] != NULL; i++)
			if (pc_extract_ends_with(path, office[i]))
				return PC_DOC_OFFICE;
		return PC_DOC_BINARY;
	}
	/* not a zip: damaged, encrypted (an OLE container) or misnamed;
	 * the office reader says which, and the file is not read, never
	 * skipped as if it held nothing */
	for (i = 0; office[i] != NULL; i++)
		if (pc_extract_ends_with(path, office[i]))
			return PC_DOC_OFFICE;
	if (head != NULL && pc_extract_is_pdf(head, headlen))
		return PC_DOC_PDF;
	if (head != NULL && pc_extract_looks_binary(head, headlen))
		return PC_DOC_BINARY;
	if (pc_extract_ends_with(path, ".csv") ||
	    pc_extract_ends_with(path, ".tsv"))
		return PC_DOC_CSV;
	if (pc_extract_ends_with(path, ".html") ||
	    pc_extract_ends_with(path, ".htm") ||
	    pc_extract_ends_with(path, ".xhtml"))
		return PC_DOC_HTML;
	if (pc_extract_ends_with(path, ".json"))
		return PC_DOC_JSON;
	if (pc_extract_ends_with(path, ".jsonl") ||
	    pc_extract_ends_with(path, ".ndjson"))
		return PC_DOC_JSONL;
	if (pc_extract_ends_with(path, ".eml"))
		return PC_DOC_EML;
	if (pc_extract_ends_with(path, ".mbox") ||
	    pc_extract_ends_with(path, ".mbx"))
		return PC_DOC_MBOX;
	if (head != NULL && headlen >= 5 && memcmp(head, "From ", 5) == 0)
		return PC_DOC_MBOX;
	if (head != NULL && looks_like_mail(head, headlen))
		return PC_DOC_EML;
	if (head != NULL && headlen >= 5 &&
	    (strncasecmp(head, "<!DOCTYPE html", 14) == 0 ||
		strncasecmp(head, "<html", 5) == 0))
		return PC_DOC_HTML;
	return PC_DOC_TEXT;
}

/* The kind for a name and its first bytes (a BOM's encoding decoded). */
enum pc_doc_kind
pc_extract_kind(const char *path, const char *head, size_t headlen)
{
	char text[PC_EXTRACT_SNIFF];
	size_t n = 0;

	if (head == NULL)
		return pc_extract_kind_of(path, NULL, 0);
	if ((headlen >= 4 && memcmp(head, "PK\3\4", 4) == 0) ||
	    pc_extract_is_pdf(head, headlen))
		return pc_extract_kind_of(path, head, headlen);
	head = pc_extract_sniff_text(head, headlen, text, &n);
	return pc_extract_kind_of(path, head, n);
}

/* Short name of a kind. */
const char *
pc_extract_kind_name(enum pc_doc_kind kind)
{
	static const char *const names[] = { "auto", "text", "csv", "html",
		"json", "jsonl", "eml", "mbox", "office", "pdf", "binary" };

	return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind]
								 : "unknown";
}

/* The document kind a config source's kind implies. */
enum pc_doc_kind
pc_doc_kind_of_source(const char *kind)
{
	if (strcmp(kind, "mbox") == 0)
		return PC_DOC_MBOX;
	if (strcmp(kind, "maildir") == 0 || strcmp(kind, "eml") == 0)
		return PC_DOC_EML;
	if (strcmp(kind, "csv") == 0)
		return PC_DOC_CSV;
	if (strcmp(kind, "json") == 0)
		return PC_DOC_JSON;
	return PC_DOC_AUTO;
}

/* Files of a kind the readers read that they could not parse: damaged or
 * not understood, so not read (never a skip by design). */
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "extract_int.h"

/* What a person calls a file of kind at path ("PDF", "Word document"). */
static const char *
kind_label(enum pc_doc_kind kind, const char *path)
{
	switch (kind) {
	case PC_DOC_PDF: return "PDF";
	case PC_DOC_OFFICE:
		if (pc_extract_ends_with(path, ".docx") ||
		    pc_extract_ends_with(path, ".docm"))
			return "Word document";
		if (pc_extract_ends_with(path, ".xlsx") ||
		    pc_extract_ends_with(path, ".xlsm"))
			return "Excel workbook";
		if (pc_extract_ends_with(path, ".pptx"))
			return "PowerPoint presentation";
		if (pc_extract_ends_with(path, ".odt") ||
		    pc_extract_ends_with(path, ".ods") ||
		    pc_extract_ends_with(path, ".odp"))
			return "OpenDocument file";
		return "Office document";
	case PC_DOC_JSON: return "JSON file";
	case PC_DOC_JSONL: return "JSON Lines file";
	case PC_DOC_HTML: return "HTML page";
	case PC_DOC_EML: return "mail message";
	case PC_DOC_MBOX: return "mbox mailbox";
	case PC_DOC_CSV: return "CSV file";
	case PC_DOC_TEXT: return "text file";
	default: return NULL; /* AUTO, BINARY: no reader claimed it */
	}
}

/*
 * After an extraction of a file read as kind that ended with r: a
 * PC_EPARSE from the reader of a kind portcullis reads (a truncated PDF, a .docx whose zip directory
 * is broken, an .xlsx that is no zip) marks res->damaged and rewords the
 * error "damaged or not understood PDF: <the reader's reason>" (the path
 * the reason starts with dropped: the caller names the file). Binary
 * files no reader claims stay as they were: skipped by design.
 */
int
pc_extract_damaged(struct pc_extract_result *res, const char *path,
    enum pc_doc_kind kind, int r)
{
	const char *label = kind_label(kind, path ? path : "");
	const char *why = pc_error_get();
	size_t n = path ? strlen(path) : 0;

	if (r != PC_EPARSE || res->sink_stopped || label == NULL)
		return r;
	if (n > 0 && strncmp(why, path, n) == 0 &&
	    strncmp(why + n, ": ", 2) == 0)
		why += n + 2;
	res->damaged = true;
	return pc_error_set(
	    PC_EPARSE, "damaged or not understood %s: %s", label, why);
}

/* Was r (with res) content that should have been read and was not? */
bool
pc_extract_not_read(int r, const struct pc_extract_result *res)
{
	return r == PC_ELIMIT || r == PC_EPERM ||
	    (r == PC_EPARSE && res != NULL && res->damaged);
}

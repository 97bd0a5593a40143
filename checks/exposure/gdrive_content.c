/* A shared Drive file's contents: fetched into memory within a cap, read
 * through the content pipeline, personal data counted per kind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "checks/content/extract.h"
#include "checks/content/matcher.h"
#include "gdrive_content.h"

#define GAPPS "application/vnd.google-apps."
#define XLSX_ESC "application%2Fvnd.openxmlformats-officedocument." \
		 "spreadsheetml.sheet"

/* How a Google-native type is fetched: exported as what, read as which
 * kind; NULL export: not exportable (what it is called). */
static const struct native {
	const char *type; /* after GAPPS */
	const char *export_mime; /* escaped for the query, or NULL */
	enum pc_doc_kind kind;
	const char *what;
} natives[] = {
	{ "document", "text%2Fplain", PC_DOC_TEXT, "Google Doc" },
	{ "presentation", "text%2Fplain", PC_DOC_TEXT, "Google Slides" },
	{ "spreadsheet", XLSX_ESC, PC_DOC_OFFICE, "Google Sheet" },
	{ "folder", NULL, PC_DOC_AUTO, "folder" },
	{ "form", NULL, PC_DOC_AUTO, "Google Form" },
	{ "shortcut", NULL, PC_DOC_AUTO, "shortcut" },
	{ "site", NULL, PC_DOC_AUTO, "Google Site" },
	{ "map", NULL, PC_DOC_AUTO, "Google My Map" },
	{ "drawing", NULL, PC_DOC_AUTO, "Google Drawing" },
	{ "jam", NULL, PC_DOC_AUTO, "Jamboard" },
	{ NULL, NULL, PC_DOC_AUTO, "Google file of an unknown kind" },
};

/* The native entry for f's type, or NULL for an ordinary file. */
static const struct native *
native_of(const struct pc_gdrive_file *f)
{
	size_t i;

	if (f->mime == NULL || strncmp(f->mime, GAPPS, strlen(GAPPS)) != 0)
		return NULL;
	for (i = 0; natives[i].type != NULL; i++)
		if (strcmp(f->mime + strlen(GAPPS), natives[i].type) == 0)
			return &natives[i];
	return &natives[i];
}

/* Is f a Google-native type that cannot be fetched as a file? */
bool
pc_gdrive_not_exportable(const struct pc_gdrive_file *f, const char **what)
{
	const struct native *n = native_of(f);

	*what = n ? n->what : NULL;
	return n != NULL && n->export_mime == NULL;
}

/* Counts one match under its detector (the file's findings are judged
 * as a whole: counts per kind, never values). */
static int
count_match(void *arg, const struct pc_match *m)
{
	struct pc_gdrive_content *c = arg;
	size_t i;

	c->hits++;
	for (i = 0; i < c->nkinds; i++)
		if (strcmp(c->kind[i].id, m->detector) == 0) {
			c->kind[i].n++;
			return 0;
		}
	if (c->nkinds < PC_GDRIVE_KINDS_MAX) {
		snprintf(c->kind[c->nkinds].id, sizeof(c->kind[0].id), "%s",
		    m->detector);
		c->kind[c->nkinds++].n = 1;
	}
	return 0;
}

/* "uk_nino 3, personal_record 1". */
void
pc_gdrive_content_kinds(char *buf, size_t n, const struct pc_gdrive_content *c)
{
	size_t i, used = 0;

	if (n == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < c->nkinds && used < n; i++)
		used += (size_t)snprintf(buf + used, n - used, "%s%s %zu",
		    i ? ", " : "", c->kind[i].id, c->kind[i].n);
}

/* Why Drive refused a download, for the finding's evidence. */
static void
refused(struct pc_gdrive_content *out, const struct pc_http_resp *resp)
{
	char code[64];

	pc_http_error_code(code, sizeof(code), resp);
	if (strcmp(code, "exportSizeLimitExceeded") == 0)
		snprintf(out->reason, sizeof(out->reason), "Google Drive "
		    "would not export it: the document is larger than Drive's "
		    "export limit (10 MB)");
	else
		snprintf(out->reason, sizeof(out->reason), "Google Drive "
		    "refused the download (HTTP %ld%s%s)", resp->status,
		    code[0] ? ": " : "", code);
}

/* Reads the downloaded bytes through the detectors. */
static int
read_bytes(struct pc_gdrive_content *out, struct pc_exposure_scan *x,
    const struct pc_gdrive_file *f, const struct pc_buf *body,
    enum pc_doc_kind kind)
{
	struct pc_text_loc loc = { .path = f->name, .exact = kind ==
		PC_DOC_TEXT };
	struct pc_extract_result res = { 0 };
	int r;

	x->file_match = count_match;
	x->file_match_arg = out;
	r = pc_extract_mem(body->data ? body->data : "", body->len, &loc,
	    kind, pc_exposure_scan_sink(x), &res);
	x->file_match = NULL;
	x->file_match_arg = NULL;
	if (res.sink_stopped || x->stop != 0)
		return r ? r : x->stop;
	if (r == PC_ENOMEM)
		return r;
	if (r != 0) {
		snprintf(out->reason, sizeof(out->reason), "its contents could "
		    "not be read: %.200s", pc_error_get());
		return 0;
	}
	if (res.parts_skipped > 0) {
		snprintf(out->reason, sizeof(out->reason), "%zu part(s) of it "
		    "could not be read%s%.180s", res.parts_skipped,
		    res.note[0] ? ": " : "", res.note);
		return 0;
	}
	out->scanned = true;
	return 0;
}

/* Downloads and scans f. */
int
pc_gdrive_content_scan(struct pc_gdrive_content *out,
    struct pc_google_user *u, struct pc_exposure_scan *x,
    const struct pc_gdrive_file *f)
{
	const struct native *n = native_of(f);
	struct pc_http_resp resp = { 0 };
	char url[1024];
	int r = 0;

	memset(out, 0, sizeof(*out));
	if (n != NULL && n->export_mime == NULL) {
		snprintf(out->reason, sizeof(out->reason), "a %s cannot be "
		    "downloaded to be read", n->what);
		return 0;
	}
	if (f->size > (long long)PC_GDRIVE_MAX_BYTES) {
		snprintf(out->reason, sizeof(out->reason), "it is %lld MiB, "
		    "over the %u MiB portcullis reads", f->size >> 20,
		    PC_GDRIVE_MAX_BYTES >> 20);
		return 0;
	}
	if (n != NULL)
		snprintf(url, sizeof(url), "%s/drive/v3/files/%s/export?"
		    "mimeType=%s", pc_google_base(u), f->id, n->export_mime);
	else
		snprintf(url, sizeof(url), "%s/drive/v3/files/%s?alt=media&"
		    "supportsAllDrives=true", pc_google_base(u), f->id);
	if (pc_google_request(u, url, &resp) != 0) {
		snprintf(out->reason, sizeof(out->reason), "the download "
		    "failed: %.200s", pc_error_get());
		goto out;
	}
	if (resp.status != 200) {
		refused(out, &resp);
		goto out;
	}
	out->bytes = resp.body.len;
	r = read_bytes(out, x, f, &resp.body, n ? n->kind : PC_DOC_AUTO);
out:
	if (resp.body.data)
		OPENSSL_cleanse(resp.body.data, resp.body.len);
	pc_http_resp_free(&resp);
	return r;
}

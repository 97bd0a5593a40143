/* A shared Drive file's contents: fetched into memory within a cap, read
 * through the content pipeline, personal data counted per kind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "gdrive_content.h"

#define GAPPS "application/vnd.google-apps."
/* Says why the file was not (fully) read. */
#define WHY(...) \
	snprintf(out->not_scanned, sizeof(out->not_scanned), __VA_ARGS__)
#define XLSX_ESC "application%2Fvnd.openxmlformats-officedocument." \
		 "spreadsheetml.sheet"

/* How a Google-native type is fetched: exported as what, read as which
 * kind; NULL export: not exportable (what it is called). */
static const struct native {
	const char *type; /* after GAPPS */
	const char *export_mime; /* escaped for the query, or NULL */
	const char *ext; /* of the export, for the extractor */
	const char *what;
} natives[] = {
	{ "document", "text%2Fplain", ".txt", "Google Doc" },
	{ "presentation", "text%2Fplain", ".txt", "Google Slides" },
	{ "spreadsheet", XLSX_ESC, ".xlsx", "Google Sheet" },
	{ "folder", NULL, "", "folder" },
	{ "form", NULL, "", "Google Form" },
	{ "shortcut", NULL, "", "shortcut" },
	{ "site", NULL, "", "Google Site" },
	{ "map", NULL, "", "Google My Map" },
	{ "drawing", NULL, "", "Google Drawing" },
	{ "jam", NULL, "", "Jamboard" },
	{ NULL, NULL, "", "Google file of an unknown kind" },
};

/* The native entry for f's type, or NULL for an ordinary file. */
static const struct native *
native_of(const struct pc_gdrive_file *f)
{
	size_t i;

	if (strncmp(f->mime, GAPPS, strlen(GAPPS)) != 0)
		return NULL;
	for (i = 0; natives[i].type != NULL; i++)
		if (strcmp(f->mime + strlen(GAPPS), natives[i].type) == 0)
			return &natives[i];
	return &natives[i];
}

/* Is f a folder? */
bool
pc_gdrive_is_folder(const struct pc_gdrive_file *f)
{
	return strcmp(f->mime, GAPPS "folder") == 0;
}

/* Why Drive refused a download, for the finding's evidence. */
static void
refused(struct pc_share_content *out, const struct pc_http_resp *resp)
{
	char code[64];

	pc_http_error_code(code, sizeof(code), resp);
	if (strcmp(code, "exportSizeLimitExceeded") == 0)
		WHY("Google Drive "
		    "would not export it: the document is larger than Drive's "
		    "export limit (10 MB)");
	else
		WHY("Google Drive "
		    "refused the download (HTTP %ld%s%s)", resp->status,
		    code[0] ? ": " : "", code);
}

/* Reads the downloaded bytes through the exposure scan's detectors,
 * named with the extension of what Drive handed over (an exported Sheet
 * is xlsx whatever the file is called) so the extractor reads it right. */
static int
read_bytes(struct pc_share_content *out, struct pc_exposure_scan *x,
    const struct pc_gdrive_file *f, const struct pc_buf *body,
    const char *ext)
{
	char name[sizeof(f->share.name) + 8];

	snprintf(name, sizeof(name), "%s%s", f->share.name, ext);
	return pc_exposure_scan_doc(x, name, body->data ? body->data : "",
	    body->len, out);
}

/* Downloads and scans f. */
int
pc_gdrive_content_scan(struct pc_share_content *out, size_t *bytes_out,
    struct pc_google_user *u, struct pc_exposure_scan *x,
    const struct pc_gdrive_file *f)
{
	const struct native *n = native_of(f);
	struct pc_http_resp resp = { 0 };
	char url[1024];
	int r = 0;

	pc_share_content_init(out);
	*bytes_out = 0;
	if (n != NULL && n->export_mime == NULL) {
		WHY("a %s cannot be "
		    "downloaded to be read", n->what);
		return 0;
	}
	if (f->size > (long long)PC_GDRIVE_MAX_BYTES) {
		WHY("it is %lld MiB, "
		    "over the %u MiB portcullis reads", f->size >> 20,
		    PC_GDRIVE_MAX_BYTES >> 20);
		return 0;
	}
	if (n != NULL)
		snprintf(url, sizeof(url), "%s/drive/v3/files/%s/export?"
		    "mimeType=%s", pc_google_base(u), f->share.file_id,
		    n->export_mime);
	else
		snprintf(url, sizeof(url), "%s/drive/v3/files/%s?alt=media&"
		    "supportsAllDrives=true", pc_google_base(u),
		    f->share.file_id);
	if (pc_google_request(u, url, &resp) != 0) {
		WHY("the download "
		    "failed: %.150s", pc_error_get());
		goto out;
	}
	if (resp.status != 200) {
		refused(out, &resp);
		goto out;
	}
	*bytes_out = resp.body.len;
	r = read_bytes(out, x, f, &resp.body, n ? n->ext : "");
out:
	if (resp.body.data)
		OPENSSL_cleanse(resp.body.data, resp.body.len);
	pc_http_resp_free(&resp);
	return r;
}

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
#define WHY(...)                                                               \
	snprintf(out->not_scanned, sizeof(out->not_scanned), __VA_ARGS__)
#define XLSX_ESC                                                               \
	"application%2Fvnd.openxmlformats-officedocument."                     \
	"spreadsheetml.sheet"

/* How a Google-native type is fetched: exported as what, read as which
 * kind; NULL export: not exportable (what it is called). */
static const struct native {
	const char *type;        /* after GAPPS */
	const char *export_mime; /* escaped for the query, or NULL */
	const char *ext;         /* of the export, for the extractor */
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
		WHY("Google Drive would not export it: the document is larger than Drive's export limit (10 MB)");
	else
		WHY("Google Drive refused the download (HTTP %ld%s%s)",
		    resp->status, code[0] ? ": " : "", code);
}

/* Reads the downloaded bytes through the exposure scan's detectors,
 * named with the extension of what Drive handed over (an exported Sheet
 * is xlsx whatever the file is called) so the extractor reads it right. */
static int
read_bytes(struct pc_share_content *out, struct pc_exposure_scan *x,
    const struct pc_gdrive_file *f, const struct pc_buf *body, const char *ext)
{
	char name[sizeof(f->share.name) + 8];

	snprintf(name, sizeof(name), "%s%s", f->share.name, ext);
	return pc_exposure_scan_doc(
	    x, name, body->data ? body->data : "", body->len, out);
}

/* Says why f is not fetched at all (a folder, a Form, over the cap), or
 * builds the URL it is fetched from; true when it is to be fetched. */
static bool
fetch_url(char *url, size_t n, struct pc_share_content *out,
    struct pc_google_user *u, const struct pc_gdrive_file *f)
{
	const struct native *nv = native_of(f);

	if (nv != NULL && nv->export_mime == NULL) {
		WHY("a %s cannot be downloaded to be read", nv->what);
		return false;
	}
	if (f->size > (long long)PC_GDRIVE_MAX_BYTES) {
		WHY("it is %lld MiB, over the %u MiB portcullis reads",
		    f->size >> 20, PC_GDRIVE_MAX_BYTES >> 20);
		return false;
	}
	if (nv != NULL)
		snprintf(url, n, "%s/drive/v3/files/%s/export?mimeType=%s",
		    pc_google_base(u), f->share.file_id, nv->export_mime);
	else
		snprintf(url, n,
		    "%s/drive/v3/files/%s?alt=media&supportsAllDrives=true",
		    pc_google_base(u), f->share.file_id);
	return true;
}

/* One download in flight. */
struct slot {
	bool busy;
	struct pc_gdrive_file *f;
	struct pc_http_req req;
	struct pc_http_resp resp;
	char url[1024];
};

/* The files of one page being fetched, PC_GDRIVE_IN_FLIGHT at a time. */
struct fetch {
	struct pc_google_user *u;
	struct pc_exposure_scan *x;
	struct pc_gdrive_file **files;
	size_t n, next;
	pc_gdrive_judged_fn judged;
	void *arg;
	struct slot slots[PC_GDRIVE_IN_FLIGHT];
};

/* Hands the stream the next file to fetch; files that are not fetched
 * are judged on the spot. */
static int
fetch_next(void *arg, const struct pc_http_req **req,
    struct pc_http_resp **resp, void **tag)
{
	struct fetch *fe = arg;
	struct pc_share_content c;
	struct slot *sl = NULL;
	size_t i;
	int r;

	for (i = 0; i < PC_GDRIVE_IN_FLIGHT && sl == NULL; i++)
		if (!fe->slots[i].busy)
			sl = &fe->slots[i];
	while (sl != NULL && fe->next < fe->n) {
		struct pc_gdrive_file *f = fe->files[fe->next++];

		pc_share_content_init(&c);
		if (!fetch_url(sl->url, sizeof(sl->url), &c, fe->u, f)) {
			if ((r = fe->judged(fe->arg, f, &c)) != 0)
				return r;
			continue;
		}
		sl->busy = true;
		sl->f = f;
		sl->req = (struct pc_http_req){ .url = sl->url,
			.auth = pc_google_auth(fe->u) };
		*req = &sl->req;
		*resp = &sl->resp;
		*tag = sl;
		return 1;
	}
	return 0;
}

/* Reads one finished download and judges its file. */
static int
fetch_done(void *arg, struct pc_http_resp *resp, void *tag)
{
	struct fetch *fe = arg;
	struct slot *sl = tag;
	struct pc_share_content c, *out = &c;
	const struct native *nv = native_of(sl->f);
	int r = 0;

	pc_share_content_init(&c);
	if (resp->err != 0)
		WHY("the download failed: %.150s", resp->errmsg);
	else if (resp->status != 200)
		refused(&c, resp);
	else
		r = read_bytes(
		    &c, fe->x, sl->f, &resp->body, nv ? nv->ext : "");
	if (resp->body.data)
		OPENSSL_cleanse(resp->body.data, resp->body.len);
	pc_http_resp_free(resp);
	sl->busy = false;
	if (r != 0)
		return r;
	return fe->judged(fe->arg, sl->f, &c);
}

/* Fetches and scans files, judging each as it is read. */
int
pc_gdrive_content_scan(struct pc_google_user *u, struct pc_exposure_scan *x,
    struct pc_gdrive_file **files, size_t n, pc_gdrive_judged_fn judged,
    void *arg)
{
	struct fetch *fe;
	size_t i;
	int r;

	if (n == 0)
		return 0;
	if ((fe = calloc(1, sizeof(*fe))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	*fe = (struct fetch){ .u = u,
		.x = x,
		.files = files,
		.n = n,
		.judged = judged,
		.arg = arg };
	r = pc_http_stream(pc_google_user_http(u),
	    &(struct pc_http_source){ fetch_next, fetch_done, fe });
	for (i = 0; i < PC_GDRIVE_IN_FLIGHT; i++)
		if (fe->slots[i].busy) { /* abandoned when the stream stopped */
			if (fe->slots[i].resp.body.data)
				OPENSSL_cleanse(fe->slots[i].resp.body.data,
				    fe->slots[i].resp.body.len);
			pc_http_resp_free(&fe->slots[i].resp);
		}
	free(fe);
	return r;
}

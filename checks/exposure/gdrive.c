/* The exposure check's gdrive part: staff's Google Drive files (and the
 * office's shared drives) that anyone, or someone outside the office, can
 * open, and what personal data they hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "agent/check.h"
#include "agent/lib/err.h"
#include "checks/providers/google.h"
#include "exposure.h"
#include "gdrive.h"
#include "gdrive_content.h"
#include "gdrive_file.h"
#include "scan.h"

#define DRIVE_SCOPE "https://www.googleapis.com/auth/drive.readonly"
#define FILES_MAX 50000 /* files kept from one store's listing */
#define DRIVES_MAX 500

/* Every visibility Drive has: links anyone or the domain can open, and
 * "limited" (named people only), whose outside grants only the file's
 * permissions show. */
#define VISIBLE "(visibility = 'anyoneWithLink' or visibility = " \
	"'anyoneCanFind' or visibility = 'domainWithLink' or visibility = " \
	"'domainCanFind' or visibility = 'limited')"
#define PERM_FIELDS "permissions(type,role,emailAddress,domain," \
	"allowFileDiscovery,deleted)"
#define FILE_FIELDS "nextPageToken,files(id,name,mimeType,size,driveId," \
	"owners(emailAddress)," PERM_FIELDS ")"

struct drive {
	char *id, *name, *user; /* user: a staff account that can read it */
};

struct gd_run {
	struct pc_check_ctx *ctx;
	const struct pc_config *cfg;
	struct pc_google_session *s;
	struct pc_exposure_scan *x;
	struct pc_gdrive_domains dom;
	struct pc_gdrive_file *files; /* one store's listing */
	size_t nfiles, capfiles;
	struct drive drives[DRIVES_MAX];
	size_t ndrives;
	char **seen; /* file ids already judged (each file once) */
	size_t nseen, capseen;
	/* counts for the report */
	size_t listed, anyone, domain, external, scanned, not_scanned,
	    folders, stores, failed;
};

/* Is a gdrive source configured for this check? */
static bool
has_gdrive(const struct pc_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nsources; i++)
		if (strcmp(cfg->sources[i].kind, "gdrive") == 0 &&
		    pc_exposure_reads(&cfg->sources[i]))
			return true;
	return false;
}

/* Needs of the gdrive part: the Google token and Drive URLs, the key. */
int
pc_exposure_needs_gdrive(const struct pc_config *cfg, struct pc_needs *n)
{
	char *p;
	int r;

	if (!has_gdrive(cfg))
		return pc_needs_not_applicable(n, "no Google Drive source "
		    "({kind: gdrive}) is configured");
	if (!cfg->providers.google.present)
		return pc_error_set(PC_ECONFIG, "%s:%d: a {kind: gdrive} source "
		    "needs providers.google (a service account with "
		    "domain-wide delegation of %s)", cfg->path,
		    cfg->sources[0].line, DRIVE_SCOPE);
	if ((r = pc_provider_google.needs(cfg, n)) != 0 ||
	    (r = pc_needs_add_url(n, cfg->providers.google.drive_url)) != 0)
		return r;
	p = pc_exposure_hmac_path(cfg);
	if (p != NULL && access(p, F_OK) == 0)
		r = pc_needs_add_secret(n, p);
	free(p);
	return r;
}

/* Has the file id been judged already? If not, remembers it. */
static int
seen_before(struct gd_run *g, const char *id, bool *seen)
{
	size_t i;
	char **grown;

	*seen = false;
	for (i = 0; i < g->nseen; i++)
		if (strcmp(g->seen[i], id) == 0) {
			*seen = true;
			return 0;
		}
	if (g->nseen == g->capseen) {
		size_t cap = g->capseen ? g->capseen * 2 : 256;

		if ((grown = realloc(g->seen, cap * sizeof(*grown))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		g->seen = grown;
		g->capseen = cap;
	}
	if ((g->seen[g->nseen] = strdup(id)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	g->nseen++;
	return 0;
}

/* Frees the files of one listing. */
static void
files_clear(struct gd_run *g)
{
	size_t i;

	for (i = 0; i < g->nfiles; i++)
		pc_gdrive_file_clear(&g->files[i]);
	g->nfiles = 0;
}

/* A page of files.list: each file kept for judging. */
static int
on_files(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct gd_run *g = arg;
	const cJSON *files, *f;
	int r;

	(void)pageno;
	if (json == NULL)
		return pc_http_fail(resp, "google drive");
	if ((r = pc_json_opt_array(&files, json, "files", "google drive")))
		return r;
	cJSON_ArrayForEach(f, files) {
		if (g->nfiles == FILES_MAX)
			return pc_error_set(PC_ELIMIT, "google drive: more than "
			    "%d files with sharing in one drive", FILES_MAX);
		if (g->nfiles == g->capfiles) {
			size_t cap = g->capfiles ? g->capfiles * 2 : 128;
			void *grown = realloc(g->files,
			    cap * sizeof(*g->files));

			if (grown == NULL)
				return pc_error_set(PC_ENOMEM, "out of memory");
			g->files = grown;
			g->capfiles = cap;
		}
		if ((r = pc_gdrive_file_parse(&g->files[g->nfiles], f,
			 &g->dom)) != 0)
			return r;
		g->nfiles++;
	}
	return 0;
}

/* Escapes s for a query string into a new string (caller frees with
 * curl_free). */
static char *
esc(const char *s)
{
	return curl_easy_escape(NULL, s, 0);
}

/* Lists one store's files into g->files: a user's own files (drive
 * NULL) or a shared drive's. */
static int
list_files(struct gd_run *g, struct pc_google_user *u, const char *drive)
{
	char *q = NULL, *fields = esc(FILE_FIELDS), *url = NULL;
	size_t n;
	int r;

	files_clear(g);
	q = esc(drive ? "trashed = false and " VISIBLE :
			"'me' in owners and trashed = false and " VISIBLE);
	n = strlen(pc_google_base(u)) + (q ? strlen(q) : 0) +
	    (fields ? strlen(fields) : 0) + 300;
	if (q == NULL || fields == NULL || (url = malloc(n)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if (drive)
		snprintf(url, n, "%s/drive/v3/files?corpora=drive&driveId=%s&"
		    "supportsAllDrives=true&includeItemsFromAllDrives=true&"
		    "pageSize=100&q=%s&fields=%s", pc_google_base(u), drive, q,
		    fields);
	else
		snprintf(url, n, "%s/drive/v3/files?corpora=user&"
		    "supportsAllDrives=true&pageSize=100&q=%s&fields=%s",
		    pc_google_base(u), q, fields);
	r = pc_google_pages(u, url, on_files, g);
out:
	free(url);
	curl_free(q);
	curl_free(fields);
	return r;
}

/* A page of permissions.list: added to the file's audience. */
static int
on_perms(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct gd_run *g = *(struct gd_run **)arg;
	struct pc_gdrive_file *f = ((struct pc_gdrive_file **)arg)[1];
	const cJSON *perms;
	int r;

	(void)pageno;
	if (json == NULL)
		return pc_http_fail(resp, "google drive");
	if ((r = pc_json_need_array(&perms, json, "permissions",
		 "google drive")) != 0)
		return r;
	return pc_gdrive_perms_add(&f->who, perms, &g->dom);
}

/* Reads a file's permissions with permissions.list (shared drives, and
 * files whose listing left them out). */
static int
read_perms(struct gd_run *g, struct pc_google_user *u,
    struct pc_gdrive_file *f)
{
	void *arg[2] = { g, f };
	char url[1024];
	char *fields = esc("nextPageToken," PERM_FIELDS);

	if (fields == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	memset(&f->who, 0, sizeof(f->who));
	snprintf(url, sizeof(url), "%s/drive/v3/files/%s/permissions?"
	    "supportsAllDrives=true&pageSize=100&fields=%s",
	    pc_google_base(u), f->id, fields);
	curl_free(fields);
	return pc_google_pages(u, url, on_perms, arg);
}

/* Where a finding points: the store and the file. */
static void
subject_of(char *out, size_t n, const struct pc_gdrive_file *f,
    const char *store_kind, const char *store)
{
	snprintf(out, n, "%s:%s:%s (%s)", store_kind, store, f->name, f->id);
}

/* Who can open f, for people. */
static void
audience_text(char *out, size_t n, const struct pc_gdrive_audience *w)
{
	size_t used = 0;

	out[0] = '\0';
	if (w->anyone)
		used = (size_t)snprintf(out, n, "anyone with the link can %s "
		    "it%s", w->anyone_edit ? "edit" : "open",
		    w->anyone_find ? " (and find it by searching the web)" :
				     "");
	if (w->external > 0 && used < n)
		snprintf(out + used, n - used, "%sshared with %zu address%s or "
		    "domain%s outside the office (%s)", used ? "; " : "",
		    w->external, w->external == 1 ? "" : "es",
		    w->external == 1 ? "" : "s", w->external_domains);
}

/* Emits one finding about f under rule. */
static int
emit(struct gd_run *g, const char *rule, const struct pc_gdrive_file *f,
    const char *subject, const char *owner, const char *evidence)
{
	char key[200];

	snprintf(key, sizeof(key), "gdrive:%s", f->id);
	return pc_check_emit(g->ctx, &(struct pc_finding){ .rule = rule,
	    .subject = subject, .evidence = evidence, .owner = owner,
	    .key = key });
}

/* Turns one judged file into its findings (the five rules' Drive half:
 * no shared_no_expiry, Drive's anyone links cannot expire). */
static int
report_file(struct gd_run *g, const struct pc_gdrive_file *f,
    const struct pc_gdrive_content *c, const char *subject,
    const char *owner)
{
	const struct pc_gdrive_audience *w = &f->who;
	char who[400], kinds[400], ev[1024];
	int r = 0;

	audience_text(who, sizeof(who), w);
	pc_gdrive_content_kinds(kinds, sizeof(kinds), c);
	if (c->hits > 0)
		snprintf(ev, sizeof(ev), "%s; it holds personal data or "
		    "secrets: %s%s%s", who, kinds, c->scanned ? "" :
		    " (not read in full: ", c->scanned ? "" : c->reason);
	else if (c->scanned)
		snprintf(ev, sizeof(ev), "%s; read in full (%zu bytes), no "
		    "personal data found", who, c->bytes);
	else
		snprintf(ev, sizeof(ev), "%s; its contents were not checked: "
		    "%s", who, c->reason);
	if (!c->scanned && c->hits > 0)
		strncat(ev, ")", sizeof(ev) - strlen(ev) - 1);
	if (w->anyone && c->hits > 0)
		r = emit(g, "shared_anyone_personal_data", f, subject, owner,
		    ev);
	else if (w->anyone)
		r = emit(g, "shared_anyone", f, subject, owner, ev);
	if (r == 0 && w->external > 0 && c->hits > 0)
		r = emit(g, "shared_external_personal_data", f, subject, owner,
		    ev);
	if (r == 0 && w->anyone_edit)
		r = emit(g, "shared_edit_anyone", f, subject, owner, ev);
	if (r == 0 && !c->scanned)
		r = emit(g, "content_not_scanned", f, subject, owner, ev);
	return r;
}

/* Judges one file: who can open it, and, when that reaches outside the
 * office, what it holds. */
static int
judge_file(struct gd_run *g, struct pc_google_user *u,
    struct pc_gdrive_file *f, const char *store_kind, const char *store,
    const char *owner)
{
	struct pc_gdrive_content c;
	char subject[1200];
	const char *what;
	bool seen;
	int r;

	if ((r = seen_before(g, f->id, &seen)) != 0 || seen)
		return r;
	g->listed++;
	if (!f->perms_inline && (r = read_perms(g, u, f)) != 0) {
		g->failed++;
		return pc_check_incomplete(g->ctx, "google drive: the sharing "
		    "of %s:%s (%s) could not be read: %s", store_kind, store,
		    f->id, pc_error_get());
	}
	g->domain += f->who.domain_links > 0;
	if (!f->who.anyone && f->who.external == 0)
		return 0;
	g->anyone += f->who.anyone;
	g->external += f->who.external > 0;
	if (pc_gdrive_not_exportable(f, &what) &&
	    strcmp(what, "folder") == 0) {
		g->folders++; /* its files carry the folder's sharing */
		return 0;
	}
	pc_check_progress(g->ctx, "reading shared Drive file %s", f->id);
	if ((r = pc_gdrive_content_scan(&c, u, g->x, f)) != 0)
		return r;
	if (c.scanned)
		g->scanned++;
	else
		g->not_scanned++;
	subject_of(subject, sizeof(subject), f, store_kind, store);
	return report_file(g, f, &c, subject, owner);
}

/* Judges every file of the listing in g->files. */
static int
judge_listing(struct gd_run *g, struct pc_google_user *u,
    const char *store_kind, const char *store, const char *owner)
{
	size_t i;
	int r = 0;

	for (i = 0; i < g->nfiles && r == 0; i++)
		r = judge_file(g, u, &g->files[i], store_kind, store, owner);
	files_clear(g);
	return r;
}

/* A page of drives.list: shared drives not met before, with the user
 * who can read them. */
static int
on_drives(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct gd_run *g = ((void **)arg)[0];
	const char *user = ((void **)arg)[1], *id, *name;
	const cJSON *drives, *d;
	size_t i;

	(void)pageno;
	if (json == NULL)
		return pc_http_fail(resp, "google drive");
	if (pc_json_opt_array(&drives, json, "drives", "google drive"))
		return PC_EPARSE;
	cJSON_ArrayForEach(d, drives) {
		if (!cJSON_IsObject(d) ||
		    pc_json_need_string(&id, d, "id", "google drive") ||
		    pc_json_need_string(&name, d, "name", "google drive"))
			return pc_error_set(PC_EPARSE, "google drive: a shared "
			    "drive without an id or name");
		if (strlen(id) > PC_GDRIVE_ID_MAX || strspn(id, "abcdefghijklm"
		    "nopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") !=
		    strlen(id) || *id == '\0')
			return pc_error_set(PC_EPARSE, "google drive: a shared "
			    "drive id holds characters Drive ids never do");
		for (i = 0; i < g->ndrives; i++)
			if (strcmp(g->drives[i].id, id) == 0)
				break;
		if (i < g->ndrives)
			continue;
		if (g->ndrives == DRIVES_MAX)
			return pc_error_set(PC_ELIMIT, "google drive: more than "
			    "%d shared drives", DRIVES_MAX);
		g->drives[i].id = strdup(id);
		g->drives[i].name = strndup(name, PC_GDRIVE_NAME_MAX);
		g->drives[i].user = strdup(user);
		g->ndrives++;
		if (!g->drives[i].id || !g->drives[i].name ||
		    !g->drives[i].user)
			return pc_error_set(PC_ENOMEM, "out of memory");
	}
	return 0;
}

/* The shared drives user belongs to, added to g->drives. */
static int
list_drives(struct gd_run *g, struct pc_google_user *u, const char *user)
{
	void *arg[2] = { g, (void *)user };
	char url[512];

	snprintf(url, sizeof(url), "%s/drive/v3/drives?pageSize=100&fields="
	    "nextPageToken%%2Cdrives(id%%2Cname)", pc_google_base(u));
	return pc_google_pages(u, url, on_drives, arg);
}

/* True when the token endpoint said the scope is not delegated. */
static bool
not_delegated(void)
{
	return strstr(pc_error_get(), "unauthorized_client") != NULL;
}

/* Reads one staff member's own files and the shared drives they are in.
 * Returns nonzero only when the whole part must stop. */
static int
scan_user(struct gd_run *g, const struct pc_staff *who, const char *acct)
{
	const struct pc_google *gc = &g->cfg->providers.google;
	struct pc_google_user *u;
	int r;

	pc_check_progress(g->ctx, "reading the Google Drive of %s", acct);
	if ((r = pc_google_as(&u, g->s, acct, DRIVE_SCOPE,
		 gc->drive_url)) != 0) {
		if (not_delegated())
			return pc_error_set(PC_EAUTH, "google drive: the "
			    "service account may not read Drive: domain-wide "
			    "delegation does not grant it the scope %s; add "
			    "that scope to its client ID in the Admin console "
			    "(Security, API controls, Domain-wide delegation)",
			    DRIVE_SCOPE);
		g->failed++;
		return pc_check_incomplete(g->ctx, "google drive: %s's Drive "
		    "(%s) could not be read: %s", who->name, acct,
		    pc_error_get());
	}
	if ((r = list_files(g, u, NULL)) == 0) {
		g->stores++;
		r = judge_listing(g, u, "gdrive", acct, who->name);
	} else if (r != PC_ENOMEM) {
		files_clear(g);
		g->failed++;
		r = pc_check_incomplete(g->ctx, "google drive: %s's Drive (%s) "
		    "could not be read: %s", who->name, acct, pc_error_get());
	}
	if (r != 0 || g->x->stop != 0)
		return r ? r : g->x->stop;
	if ((r = list_drives(g, u, acct)) != 0 && r != PC_ENOMEM) {
		g->failed++;
		r = pc_check_incomplete(g->ctx, "google drive: the shared "
		    "drives %s (%s) belongs to could not be listed: %s",
		    who->name, acct, pc_error_get());
	}
	return r;
}

/* Reads one shared drive's files, as a member who can read it. */
static int
scan_drive(struct gd_run *g, const struct drive *d)
{
	struct pc_google_user *u;
	int r;

	pc_check_progress(g->ctx, "reading the shared drive %s", d->id);
	if ((r = pc_google_as(&u, g->s, d->user, DRIVE_SCOPE,
		 g->cfg->providers.google.drive_url)) != 0 ||
	    (r = list_files(g, u, d->id)) != 0) {
		files_clear(g);
		if (r == PC_ENOMEM)
			return r;
		g->failed++;
		return pc_check_incomplete(g->ctx, "google drive: the shared "
		    "drive %s (%s) could not be read: %s", d->name, d->id,
		    pc_error_get());
	}
	g->stores++;
	return judge_listing(g, u, "gdrive-shared", d->name, NULL);
}

/* The staff member's google account, or NULL. */
static const char *
google_account(const struct pc_staff *s)
{
	size_t j;

	for (j = 0; j < s->naccounts; j++)
		if (strcmp(s->accounts[j].provider, "google") == 0)
			return s->accounts[j].name;
	return NULL;
}

/* Every staff member's Drive, then every shared drive found. */
static int
walk(struct gd_run *g)
{
	size_t i, users = 0;
	int r = 0;

	for (i = 0; i < g->cfg->nstaff && r == 0; i++) {
		const char *acct = google_account(&g->cfg->staff[i]);

		if (acct == NULL)
			continue;
		users++;
		r = scan_user(g, &g->cfg->staff[i], acct);
	}
	for (i = 0; i < g->ndrives && r == 0; i++)
		r = scan_drive(g, &g->drives[i]);
	if (r == 0 && users == 0)
		r = pc_check_incomplete(g->ctx, "google drive: no staff member "
		    "has a google account in the config, so no Drive was read; "
		    "add accounts: {google: ADDRESS} to each staff member");
	return r;
}

/* Frees what a run holds. */
static void
run_free(struct gd_run *g)
{
	size_t i;

	files_clear(g);
	free(g->files);
	for (i = 0; i < g->nseen; i++)
		free(g->seen[i]);
	free(g->seen);
	for (i = 0; i < g->ndrives; i++) {
		free(g->drives[i].id);
		free(g->drives[i].name);
		free(g->drives[i].user);
	}
	pc_google_close(g->s);
	pc_exposure_scan_free(g->x);
}

/* Runs the gdrive part. */
int
pc_exposure_run_gdrive(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	struct pc_provider_env env = pc_provider_env_of(ctx);
	struct gd_run g = { .ctx = ctx, .cfg = cfg,
		.dom = { cfg->office.parliamentary_domains,
		    cfg->office.ndomains, cfg->office.domains,
		    cfg->office.nown_domains } };
	int r;

	if ((r = pc_exposure_scan_new(&g.x, ctx)) != 0 ||
	    (r = pc_google_open(&g.s, &env, &cfg->providers.google)) != 0)
		goto out;
	r = walk(&g);
	(void)pc_check_count(ctx, "gdrive", "%zu Drive%s read (staff and "
	    "shared drives), %zu could not be; %zu file%s with sharing, %zu "
	    "open to anyone with the link, %zu shared outside the office, "
	    "%zu with an organisation-wide link (not findings), %zu shared "
	    "folder%s; %zu shared file%s read, %zu not read; %zu requests",
	    g.stores, g.stores == 1 ? "" : "s", g.failed, g.listed,
	    g.listed == 1 ? "" : "s", g.anyone, g.external, g.domain,
	    g.folders, g.folders == 1 ? "" : "s", g.scanned,
	    g.scanned == 1 ? "" : "s", g.not_scanned,
	    pc_http_requests(pc_google_http(g.s)));
out:
	run_free(&g);
	return r;
}

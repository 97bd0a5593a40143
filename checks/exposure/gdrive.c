/* The exposure check's gdrive part: staff's Google Drive files (and the
 * office's shared drives) that anyone, or someone outside the office, can
 * open, and what personal data they hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
#define DRIVES_MAX  500
#define DOMAINS_MAX 64

/* Every visibility Drive has: links anyone or the domain can open, and
 * "limited" (named people only), whose outside grants only the file's
 * permissions show. */
#define VISIBLE                                                                \
	"(visibility = 'anyoneWithLink' or visibility = "                      \
	"'anyoneCanFind' or visibility = 'domainWithLink' or visibility = "    \
	"'domainCanFind' or visibility = 'limited')"
#define PERM_FIELDS                                                            \
	"permissions(type,role,emailAddress,domain,"                           \
	"allowFileDiscovery,expirationTime,deleted)"
#define FILE_FIELDS                                                            \
	"nextPageToken,files(id,name,mimeType,size,driveId,"                   \
	"owners(emailAddress)," PERM_FIELDS ")"

struct drive {
	char *id, *name, *user; /* user: a staff account that can read it */
};

/* The store being listed: whose files, read as whom. */
struct store {
	struct pc_google_user *u;
	enum pc_share_store kind;
	const char *container; /* owner's address, or the drive's name */
	const char *owner;     /* staff member's name, or NULL */
};

struct gd_run {
	struct pc_check_ctx *ctx;
	const struct pc_config *cfg;
	struct pc_google_session *s;
	struct pc_exposure_scan *x;
	const char *domain_names[DOMAINS_MAX];
	struct pc_gdrive_domains dom;
	const struct store *store; /* while a listing runs */
	struct drive drives[DRIVES_MAX];
	size_t ndrives;
	char **seen; /* file ids already judged (each file once) */
	size_t nseen, capseen;
	/* counts for the report */
	size_t listed, anyone, org, external, scanned, not_scanned, folders,
	    stores, failed, findings;
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
	int r;

	if (!has_gdrive(cfg))
		return pc_needs_not_applicable(
		    n, "no Google Drive source ({kind: gdrive}) is configured");
	if (!pc_google_cfg(cfg)->present) /* the config loader refuses */
		return pc_error_set(
		    PC_ECONFIG, "a gdrive source needs providers.google");
	if ((r = pc_provider_google.needs(cfg, n)) != 0 ||
	    (r = pc_needs_add_url(n, pc_google_cfg(cfg)->drive_url)) != 0 ||
	    (r = pc_needs_add_iconv(n)) != 0)
		return r;
	return pc_needs_add_office_key(cfg, n);
}

/* FNV-1a of s. */
static size_t
hash_of(const char *s)
{
	size_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Puts id in the open-addressed set of g (capacity a power of two). */
static void
seen_put(char **set, size_t cap, char *id)
{
	size_t i = hash_of(id) & (cap - 1);

	while (set[i] != NULL)
		i = (i + 1) & (cap - 1);
	set[i] = id;
}

/* Has the file id been judged already? If not, remembers it. */
static int
seen_before(struct gd_run *g, const char *id, bool *seen)
{
	size_t i, cap;
	char **grown, *copy;

	*seen = false;
	if (g->capseen > 0)
		for (i = hash_of(id) & (g->capseen - 1); g->seen[i] != NULL;
		     i = (i + 1) & (g->capseen - 1))
			if (strcmp(g->seen[i], id) == 0) {
				*seen = true;
				return 0;
			}
	if (2 * (g->nseen + 1) > g->capseen) {
		cap = g->capseen ? g->capseen * 2 : 1024;
		if ((grown = calloc(cap, sizeof(*grown))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		for (i = 0; i < g->capseen; i++)
			if (g->seen[i] != NULL)
				seen_put(grown, cap, g->seen[i]);
		free(g->seen);
		g->seen = grown;
		g->capseen = cap;
	}
	if ((copy = strdup(id)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	seen_put(g->seen, g->capseen, copy);
	g->nseen++;
	return 0;
}

/* A page of permissions.list: added to the file's model. */
static int
on_perms(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct gd_run *g = ((void **)arg)[0];
	struct pc_gdrive_file *f = ((void **)arg)[1];
	const cJSON *perms;
	int r;

	(void)pageno;
	if (json == NULL)
		return pc_http_fail(resp, "google drive");
	if ((r = pc_json_need_array(
		 &perms, json, "permissions", "google drive")) != 0)
		return r;
	return pc_gdrive_perms_add(f, perms, &g->dom);
}

/* Reads a file's permissions with permissions.list (shared drives, and
 * files whose listing left them out). */
static int
read_perms(struct gd_run *g, struct pc_google_user *u, struct pc_gdrive_file *f)
{
	void *arg[2] = { g, f };
	char url[1024];
	char *fields = curl_easy_escape(NULL, "nextPageToken," PERM_FIELDS, 0);

	if (fields == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	snprintf(url, sizeof(url),
	    "%s/drive/v3/files/%s/permissions?supportsAllDrives=true&pageSize=100&fields=%s",
	    pc_google_base(u), f->share.file_id, fields);
	curl_free(fields);
	return pc_google_pages(u, url, on_perms, arg);
}

/* Emits the file's findings: the rules sharing.c says it breaks. */
static int
report_file(struct gd_run *g, const struct pc_gdrive_file *f,
    const struct pc_share_content *c)
{
	enum pc_share_rule rules[PC_SHARE_NRULES];
	char subject[1800], title[1800], ev[1024], key[200];
	size_t i, n = pc_share_classify(rules, &f->share, c);
	int r = 0;

	pc_share_subject(subject, sizeof(subject), &f->share);
	snprintf(key, sizeof(key), "gdrive:%s", f->share.file_id);
	for (i = 0; i < n && r == 0; i++) {
		pc_share_title(title, sizeof(title), &f->share, rules[i]);
		pc_share_evidence(ev, sizeof(ev), &f->share, c, rules[i]);
		r = pc_check_emit(g->ctx,
		    &(struct pc_finding){ .rule = pc_share_rule_id(rules[i]),
			.subject = subject,
			.title = title,
			.evidence = ev,
			.owner = g->store->owner,
			.key = key });
		g->findings++;
	}
	return r;
}

/* Emits a fetched file's findings and counts it. */
static int
judged(void *arg, struct pc_gdrive_file *f, const struct pc_share_content *c)
{
	struct gd_run *g = arg;

	if (c->scanned)
		g->scanned++;
	else
		g->not_scanned++;
	return report_file(g, f, c);
}

/* Reads who can open one file; *fetch_out: its content must be read
 * (anyone, or someone outside the office, can open it). */
static int
sharing_of(struct gd_run *g, struct pc_gdrive_file *f, bool *fetch_out)
{
	const struct store *st = g->store;
	bool seen;
	int r;

	*fetch_out = false;
	if ((r = seen_before(g, f->share.file_id, &seen)) != 0 || seen)
		return r;
	g->listed++;
	if (!f->perms_inline && (r = read_perms(g, st->u, f)) != 0) {
		if (r == PC_ENOMEM)
			return r;
		g->failed++;
		return pc_check_incomplete(g->ctx,
		    "google drive: the sharing of %s:%s (%s) could not be read: %s",
		    pc_share_store_name(st->kind), st->container,
		    f->share.file_id, pc_error_get());
	}
	g->org += f->share.org_links > 0;
	if (!pc_share_beyond_office(&f->share))
		return 0; /* named people in the office, or the organisation */
	g->anyone += f->share.anyone;
	g->external += f->share.external_total > 0;
	if (pc_gdrive_is_folder(f)) {
		g->folders++; /* its files carry its sharing, judged each */
		return 0;
	}
	*fetch_out = true;
	return 0;
}

/* A page of files.list: who can open each file, then the contents of
 * those shared beyond the office, fetched a few at a time (memory stays
 * that of one page and the downloads in flight, however large the
 * drive). */
static int
on_files(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct gd_run *g = arg;
	struct pc_gdrive_file *fs = NULL, **fetch = NULL;
	const cJSON *files, *j;
	size_t n = 0, nfetch = 0, max;
	bool want;
	int r;

	(void)pageno;
	if (json == NULL)
		return pc_http_fail(resp, "google drive");
	if ((r = pc_json_opt_array(&files, json, "files", "google drive")))
		return r;
	if ((max = (size_t)cJSON_GetArraySize(files)) == 0)
		return 0;
	if ((fs = calloc(max, sizeof(*fs))) == NULL ||
	    (fetch = calloc(max, sizeof(*fetch))) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	cJSON_ArrayForEach(j, files)
	{
		if ((r = pc_gdrive_file_parse(&fs[n], j, g->store->kind,
			 g->store->container, &g->dom)) != 0 ||
		    (r = sharing_of(g, &fs[n], &want)) != 0)
			goto out;
		if (want)
			fetch[nfetch++] = &fs[n];
		n++;
	}
	pc_check_progress(g->ctx, "reading %zu shared Drive file%s", nfetch,
	    nfetch == 1 ? "" : "s");
	r = pc_gdrive_content_scan(g->store->u, g->x, fetch, nfetch, judged, g);
	if (r == 0)
		r = g->x->stop;
out:
	free(fetch);
	free(fs);
	return r;
}

/* Lists and judges one store's files: a user's own (drive NULL) or a
 * shared drive's. */
static int
list_files(struct gd_run *g, const struct store *st, const char *drive)
{
	char *q, *fields, *url = NULL;
	size_t n;
	int r;

	q = curl_easy_escape(NULL,
	    drive ? "trashed = false and " VISIBLE
		  : "'me' in owners and trashed = false and " VISIBLE,
	    0);
	fields = curl_easy_escape(NULL, FILE_FIELDS, 0);
	n = strlen(pc_google_base(st->u)) + (q ? strlen(q) : 0) +
	    (fields ? strlen(fields) : 0) + 300;
	if (q == NULL || fields == NULL || (url = malloc(n)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if (drive)
		snprintf(url, n,
		    "%s/drive/v3/files?corpora=drive&driveId=%s&supportsAllDrives=true&includeItemsFromAllDrives=true&pageSize=100&q=%s&fields=%s",
		    pc_google_base(st->u), drive, q, fields);
	else
		snprintf(url, n,
		    "%s/drive/v3/files?corpora=user&supportsAllDrives=true&pageSize=100&q=%s&fields=%s",
		    pc_google_base(st->u), q, fields);
	g->store = st;
	r = pc_google_pages(st->u, url, on_files, g);
	g->store = NULL;
out:
	free(url);
	curl_free(q);
	curl_free(fields);
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
	cJSON_ArrayForEach(d, drives)
	{
		if (!cJSON_IsObject(d) ||
		    pc_json_need_string(&id, d, "id", "google drive") ||
		    pc_json_need_string(&name, d, "name", "google drive"))
			return pc_error_set(PC_EPARSE,
			    "google drive: a shared drive without an id or name");
		if (!pc_gdrive_id_ok(id))
			return pc_error_set(PC_EPARSE,
			    "google drive: a shared drive id holds characters Drive ids never do");
		for (i = 0; i < g->ndrives; i++)
			if (strcmp(g->drives[i].id, id) == 0)
				break;
		if (i < g->ndrives)
			continue;
		if (g->ndrives == DRIVES_MAX)
			return pc_error_set(PC_ELIMIT,
			    "google drive: more than %d shared drives",
			    DRIVES_MAX);
		g->drives[i].id = strdup(id);
		g->drives[i].name = strndup(name, 256);
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

	snprintf(url, sizeof(url),
	    "%s/drive/v3/drives?pageSize=100&fields=nextPageToken%%2Cdrives(id%%2Cname)",
	    pc_google_base(u));
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
	const struct pc_google *gc = pc_google_cfg(g->cfg);
	struct store st = {
		.kind = PC_SHARE_GDRIVE, .container = acct, .owner = who->name
	};
	struct pc_google_user *u;
	int r;

	pc_check_progress(g->ctx, "reading the Google Drive of %s", acct);
	if ((r = pc_google_as(&u, g->s, acct, DRIVE_SCOPE, gc->drive_url)) !=
	    0) {
		if (not_delegated())
			return pc_error_set(PC_EAUTH,
			    "google drive: the service account may not read Drive: domain-wide delegation does not grant it the scope %s; add that scope to its client ID in the Admin console (Security, API controls, Domain-wide delegation)",
			    DRIVE_SCOPE);
		g->failed++;
		return pc_check_incomplete(g->ctx,
		    "google drive: %s's Drive (%s) could not be read: %s",
		    who->name, acct, pc_error_get());
	}
	st.u = u;
	if ((r = list_files(g, &st, NULL)) == 0) {
		g->stores++;
	} else if (r != PC_ENOMEM && g->x->stop == 0) {
		g->failed++;
		r = pc_check_incomplete(g->ctx,
		    "google drive: %s's Drive (%s) could not be read: %s",
		    who->name, acct, pc_error_get());
	}
	if (r != 0 || g->x->stop != 0)
		return r ? r : g->x->stop;
	if ((r = list_drives(g, u, acct)) != 0 && r != PC_ENOMEM) {
		g->failed++;
		r = pc_check_incomplete(g->ctx,
		    "google drive: the shared drives %s (%s) belongs to could not be listed: %s",
		    who->name, acct, pc_error_get());
	}
	return r;
}

/* Reads one shared drive's files, as a member who can read it. */
static int
scan_drive(struct gd_run *g, const struct drive *d)
{
	struct store st = { .kind = PC_SHARE_GDRIVE_SHARED,
		.container = d->name };
	int r;

	pc_check_progress(g->ctx, "reading the shared drive %s", d->id);
	if ((r = pc_google_as(&st.u, g->s, d->user, DRIVE_SCOPE,
		 pc_google_cfg(g->cfg)->drive_url)) != 0 ||
	    (r = list_files(g, &st, d->id)) != 0) {
		if (r == PC_ENOMEM || g->x->stop != 0)
			return r;
		g->failed++;
		return pc_check_incomplete(g->ctx,
		    "google drive: the shared drive %s (%s) could not be read: %s",
		    d->name, d->id, pc_error_get());
	}
	g->stores++;
	return 0;
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
		r = pc_check_incomplete(g->ctx,
		    "google drive: no staff member has a google account in the config, so no Drive was read; add accounts: {google: ADDRESS} to each staff member");
	return r;
}

/* Frees what a run holds. */
static void
run_free(struct gd_run *g)
{
	size_t i;

	for (i = 0; i < g->capseen; i++)
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
	struct gd_run g = { .ctx = ctx, .cfg = cfg };
	const __typeof__(cfg->office) *o = &cfg->office;
	size_t i;
	int r;

	for (i = 0; i < o->ndomains && g.dom.n < DOMAINS_MAX; i++)
		g.domain_names[g.dom.n++] = o->parliamentary_domains[i];
	for (i = 0; i < o->nown_domains && g.dom.n < DOMAINS_MAX; i++)
		g.domain_names[g.dom.n++] = o->domains[i];
	g.dom.names = g.domain_names;

	if ((r = pc_exposure_scan_new(&g.x, ctx)) != 0 ||
	    (r = pc_google_open(&g.s, &env, pc_google_cfg(cfg))) != 0)
		goto out;
	r = walk(&g);
	(void)pc_check_count(ctx, "gdrive",
	    "%zu Drive%s read (staff and shared drives), %zu could not be; %zu file%s with sharing, %zu open to anyone with the link, %zu shared outside the office, %zu with an organisation-wide link (not findings), %zu shared folder%s; %zu shared file%s read, %zu not read; %zu requests",
	    g.stores, g.stores == 1 ? "" : "s", g.failed, g.listed,
	    g.listed == 1 ? "" : "s", g.anyone, g.external, g.org, g.folders,
	    g.folders == 1 ? "" : "s", g.scanned, g.scanned == 1 ? "" : "s",
	    g.not_scanned, pc_http_requests(pc_google_http(g.s)));
out:
	run_free(&g);
	return r;
}

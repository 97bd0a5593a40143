/* Link-shared documents: the store-independent model and its rules. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checks/content/redact.h"
#include "sharing.h"

/* Copies src (NULL = "") into dst of n bytes, cut to fit. */
static void
copy_cut(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* Starts a file's model. */
void
pc_share_init(struct pc_shared_file *f, enum pc_share_store store,
    const char *container, const char *name, const char *file_id)
{
	memset(f, 0, sizeof(*f));
	f->store = store;
	copy_cut(f->container, sizeof(f->container), container);
	copy_cut(f->name, sizeof(f->name), name);
	copy_cut(f->file_id, sizeof(f->file_id), file_id);
}

/* Is an expiry given? */
static bool
has_expiry(const char *expiry)
{
	return expiry != NULL && expiry[0] != '\0';
}

/* Adds one link. */
void
pc_share_add_link(struct pc_shared_file *f, enum pc_share_scope scope,
    bool edit, const char *expiry)
{
	switch (scope) {
	case PC_SHARE_SCOPE_ANYONE:
		f->anyone = true;
		f->anyone_edit |= edit;
		f->anyone_no_expiry |= !has_expiry(expiry);
		break;
	case PC_SHARE_SCOPE_ORG: f->org_links++; break;
	case PC_SHARE_SCOPE_USERS: break;
	}
}

/* Is address's domain one of domains or below one? */
bool
pc_share_domain_inside(
    const char *address, const char *const *domains, size_t ndomains)
{
	const char *at = address ? strrchr(address, '@') : NULL;
	const char *dom;
	size_t i, dl, l;

	if (at == NULL || at[1] == '\0')
		return false;
	dom = at + 1;
	dl = strlen(dom);
	for (i = 0; i < ndomains; i++) {
		if (domains[i] == NULL || (l = strlen(domains[i])) == 0)
			continue;
		if (dl == l && strcasecmp(dom, domains[i]) == 0)
			return true;
		/* "x.parliament.uk" is below "parliament.uk" */
		if (dl > l + 1 && dom[dl - l - 1] == '.' &&
		    strcasecmp(dom + dl - l, domains[i]) == 0)
			return true;
	}
	return false;
}

/* Adds a grant to one address. */
void
pc_share_add_grant(struct pc_shared_file *f, const char *address, bool edit,
    const char *expiry, const char *const *domains, size_t ndomains)
{
	struct pc_share_grant *g;

	if (pc_share_domain_inside(address, domains, ndomains)) {
		f->internal_grants++;
		return;
	}
	f->external_total++;
	f->external_no_expiry |= !has_expiry(expiry);
	if (f->nexternal >= PC_SHARE_MAX_GRANTS)
		return;
	g = &f->external[f->nexternal++];
	copy_cut(g->address, sizeof(g->address), address);
	g->edit = edit;
	g->expires = has_expiry(expiry);
}

/* Can anyone, or a named outsider, open it? */
bool
pc_share_beyond_office(const struct pc_shared_file *f)
{
	return f->anyone || f->external_total > 0;
}

/* Starts an empty content result. */
void
pc_share_content_init(struct pc_share_content *c)
{
	memset(c, 0, sizeof(*c));
}

/* Counts one match of kind. */
void
pc_share_content_add(
    struct pc_share_content *c, const char *kind, bool personal)
{
	size_t i;

	if (personal)
		c->personal++;
	for (i = 0; i < c->nkinds; i++)
		if (strcmp(c->kinds[i].id, kind) == 0) {
			c->kinds[i].count++;
			return;
		}
	if (c->nkinds >= PC_SHARE_MAX_KINDS)
		return; /* the total above still counts it */
	copy_cut(c->kinds[c->nkinds].id, sizeof(c->kinds[0].id), kind);
	c->kinds[c->nkinds].count = 1;
	c->kinds[c->nkinds].personal = personal;
	c->nkinds++;
}

/* Is the store Microsoft 365 (whose links can expire)? */
static bool
is_m365(enum pc_share_store s)
{
	return s == PC_SHARE_ONEDRIVE || s == PC_SHARE_SHAREPOINT;
}

/* The rules the file breaks, in emit order. */
size_t
pc_share_classify(enum pc_share_rule *out, const struct pc_shared_file *f,
    const struct pc_share_content *c)
{
	bool holds = c != NULL && c->personal > 0;
	bool unread = c == NULL || !c->scanned;
	size_t n = 0;

	if (!pc_share_beyond_office(f))
		return 0; /* organisation-only: counted by the caller */
	if (f->anyone && holds)
		out[n++] = PC_SHARE_ANYONE_PERSONAL;
	if (f->external_total > 0 && holds)
		out[n++] = PC_SHARE_EXTERNAL_PERSONAL;
	if (f->anyone_edit)
		out[n++] = PC_SHARE_EDIT_ANYONE;
	if (f->anyone && !holds)
		out[n++] = PC_SHARE_ANYONE;
	/* Drive's anyone-links cannot expire: not a fault of the office */
	if (is_m365(f->store) &&
	    ((f->anyone && f->anyone_no_expiry) ||
		(f->external_total > 0 && f->external_no_expiry)))
		out[n++] = PC_SHARE_NO_EXPIRY;
	if (unread && !holds)
		out[n++] = PC_SHARE_NOT_SCANNED;
	return n;
}

/* The policy's rule id. */
const char *
pc_share_rule_id(enum pc_share_rule rule)
{
	static const char *const ids[PC_SHARE_NRULES] = {
		[PC_SHARE_ANYONE_PERSONAL] = "shared_anyone_personal_data",
		[PC_SHARE_EXTERNAL_PERSONAL] = "shared_external_personal_data",
		[PC_SHARE_EDIT_ANYONE] = "shared_edit_anyone",
		[PC_SHARE_ANYONE] = "shared_anyone",
		[PC_SHARE_NO_EXPIRY] = "shared_no_expiry",
		[PC_SHARE_NOT_SCANNED] = "content_not_scanned",
	};

	return (unsigned)rule < PC_SHARE_NRULES ? ids[rule] : "?";
}

/* The store's subject prefix. */
const char *
pc_share_store_name(enum pc_share_store store)
{
	switch (store) {
	case PC_SHARE_ONEDRIVE: return "onedrive";
	case PC_SHARE_SHAREPOINT: return "sharepoint";
	case PC_SHARE_GDRIVE: return "gdrive";
	case PC_SHARE_GDRIVE_SHARED: return "gdrive-shared";
	}
	return "?";
}

/* The finding's subject. */
void
pc_share_subject(char *out, size_t n, const struct pc_shared_file *f)
{
	if (is_m365(f->store))
		snprintf(out, n, "%s:%s:%s%s", pc_share_store_name(f->store),
		    f->container, f->name[0] == '/' ? "" : "/", f->name);
	else
		snprintf(out, n, "%s:%s:%s (%s)", pc_share_store_name(f->store),
		    f->container, f->name, f->file_id);
}

/* Where the file is, for a person: "Sam's OneDrive". */
static const char *
store_label(enum pc_share_store s)
{
	switch (s) {
	case PC_SHARE_ONEDRIVE: return "OneDrive of";
	case PC_SHARE_SHAREPOINT: return "SharePoint site";
	case PC_SHARE_GDRIVE: return "Google Drive of";
	case PC_SHARE_GDRIVE_SHARED: return "Google shared drive";
	}
	return "store";
}

/* One plain line for a person. */
void
pc_share_title(char *out, size_t n, const struct pc_shared_file *f,
    enum pc_share_rule rule)
{
	static const char *const what[PC_SHARE_NRULES] = {
		[PC_SHARE_ANYONE_PERSONAL] =
		    "Anyone with the link can open %s, which holds personal data",
		[PC_SHARE_EXTERNAL_PERSONAL] =
		    "%s holds personal data and is shared outside the office",
		[PC_SHARE_EDIT_ANYONE] = "Anyone with the link can change %s",
		[PC_SHARE_ANYONE] = "Anyone with the link can open %s",
		[PC_SHARE_NO_EXPIRY] =
		    "The outside sharing of %s never expires",
		[PC_SHARE_NOT_SCANNED] =
		    "%s is shared outside the office and could not be checked for personal data",
	};
	char head[1200];
	size_t used;

	snprintf(head, sizeof(head), "%s", f->name);
	if ((unsigned)rule >= PC_SHARE_NRULES) {
		snprintf(out, n, "%s", head);
		return;
	}
	used = (size_t)snprintf(out, n, what[rule], head);
	if (used < n)
		snprintf(out + used, n - used, " (%s %s)",
		    store_label(f->store), f->container);
}

/* Appends to out at *used, keeping it NUL-terminated. */
static void __attribute__((format(printf, 4, 5)))
add(char *out, size_t n, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*used >= n)
		return;
	va_start(ap, fmt);
	w = vsnprintf(out + *used, n - *used, fmt, ap);
	va_end(ap);
	if (w > 0)
		*used += (size_t)w;
}

/* Who can open it: the links and outside addresses (masked). */
static void
who_can_open(char *out, size_t n, size_t *used, const struct pc_shared_file *f)
{
	char masked[PC_REDACT_PREVIEW_MAX];
	size_t i;

	add(out, n, used, "who can open it:");
	if (f->anyone)
		add(out, n, used, " anyone with the link (%s%s);",
		    f->anyone_edit ? "can edit" : "view",
		    !is_m365(f->store)        ? ""
			: f->anyone_no_expiry ? ", no expiry"
					      : ", expires");
	for (i = 0; i < f->nexternal; i++) {
		const struct pc_share_grant *g = &f->external[i];

		pc_redact_preview(masked, sizeof(masked), "email", g->address,
		    strlen(g->address));
		add(out, n, used, " %s (outside the office, %s%s);", masked,
		    g->edit ? "can edit" : "view",
		    !is_m365(f->store) ? ""
			: g->expires   ? ", expires"
				       : ", no expiry");
	}
	if (f->external_total > f->nexternal)
		add(out, n, used, " %zu more outside address%s;",
		    f->external_total - f->nexternal,
		    f->external_total - f->nexternal == 1 ? "" : "es");
	if (f->org_links > 0)
		add(out, n, used, " also %zu organisation-wide link%s;",
		    f->org_links, f->org_links == 1 ? "" : "s");
	if (f->since[0] != '\0')
		add(out, n, used, " shared since %s;", f->since);
}

/* What the content holds: kinds with counts, or why it was not read. */
static void
what_it_holds(
    char *out, size_t n, size_t *used, const struct pc_share_content *c)
{
	size_t i, shown = 0;

	if (c == NULL) {
		add(out, n, used, " content: not read;");
		return;
	}
	if (c->personal > 0) {
		add(out, n, used, " holds (counts, values not shown):");
		for (i = 0; i < c->nkinds; i++)
			if (c->kinds[i].personal)
				add(out, n, used, "%s %s %zu",
				    shown++ ? "," : "", c->kinds[i].id,
				    c->kinds[i].count);
		add(out, n, used, ";");
	}
	for (i = 0, shown = 0; i < c->nkinds; i++)
		if (!c->kinds[i].personal)
			add(out, n, used, "%s %s %zu",
			    shown++ ? "," : " also found:", c->kinds[i].id,
			    c->kinds[i].count);
	if (shown > 0)
		add(out, n, used, ";");
	if (!c->scanned)
		add(out, n, used, " not fully read: %s;",
		    c->not_scanned[0] ? c->not_scanned : "unknown reason");
	else if (c->personal == 0)
		add(out, n, used, " read in full: no personal data found;");
}

/* Where the fix is in the store's sharing dialogue. */
static const char *
fix_of(const struct pc_shared_file *f, enum pc_share_rule rule)
{
	bool m365 = is_m365(f->store);

	if (rule == PC_SHARE_NO_EXPIRY)
		return "Share -> Manage access -> the link or person -> set an expiry date";
	if (rule == PC_SHARE_EXTERNAL_PERSONAL ||
	    (rule == PC_SHARE_NOT_SCANNED && !f->anyone))
		return m365
		    ? "Share -> Manage access -> remove the outside address"
		    : "Share -> remove the outside address";
	return m365 ? "Share -> Manage access -> remove 'Anyone with the link'"
		    : "Share -> General access -> Restricted";
}

/* The evidence line. */
void
pc_share_evidence(char *out, size_t n, const struct pc_shared_file *f,
    const struct pc_share_content *c, enum pc_share_rule rule)
{
	size_t used = 0;

	if (n == 0)
		return;
	out[0] = '\0';
	who_can_open(out, n, &used, f);
	what_it_holds(out, n, &used, c);
	add(out, n, &used, " fix: %s", fix_of(f, rule));
}

/* Link-shared documents: one shared file, whatever store holds it, and its
 * classification into the policy's sharing rules. Pure functions: the
 * store readers (OneDrive/SharePoint, Google Drive) fill the model. */
#ifndef PC_EXPOSURE_SHARING_H
#define PC_EXPOSURE_SHARING_H

#include <stdbool.h>
#include <stddef.h>

/* Where the file lives; names the subject's prefix. */
enum pc_share_store {
	PC_SHARE_ONEDRIVE,      /* onedrive:<owner UPN>:/<path> */
	PC_SHARE_SHAREPOINT,    /* sharepoint:<site>:/<path> */
	PC_SHARE_GDRIVE,        /* gdrive:<owner>:<name> (<fileId>) */
	PC_SHARE_GDRIVE_SHARED, /* gdrive-shared:<drive>:<name> (<fileId>) */
};

/* Who a link lets in. */
enum pc_share_scope {
	PC_SHARE_SCOPE_USERS,  /* only the people granted (a "specific
				  people" link): no one new */
	PC_SHARE_SCOPE_ORG,    /* anyone in the organisation / domain */
	PC_SHARE_SCOPE_ANYONE, /* anyone with the link, signed in or not */
};

#define PC_SHARE_MAX_GRANTS 6  /* outside addresses kept for the evidence */
#define PC_SHARE_MAX_KINDS  16 /* kinds of data counted per file */

/* One grant to a named address outside the office. */
struct pc_share_grant {
	char address[256];
	bool edit;
	bool expires;
};

/* One shared file as every store reports it. */
struct pc_shared_file {
	enum pc_share_store store;
	char container[512]; /* owner UPN or email, site URL, drive name */
	char name[1024];     /* "/Casework/cases.xlsx" or a Drive file name */
	char file_id[128];   /* Drive fileId; "" for OneDrive/SharePoint */
	char owner[256];     /* owner's account (UPN, email), or "" */
	char since[32];      /* YYYY-MM-DD the sharing started, or "" */
	bool anyone;         /* an anyone-with-the-link link */
	bool anyone_edit;    /* ... that lets them edit */
	bool anyone_no_expiry;
	size_t org_links; /* organisation/domain links: counted only */
	size_t internal_grants;
	struct pc_share_grant external[PC_SHARE_MAX_GRANTS];
	size_t nexternal;      /* kept in external[] */
	size_t external_total; /* all outside grants, kept or not */
	bool external_no_expiry;
};

/* What the file's content scan found: kinds with counts, never values. */
struct pc_share_kind {
	char id[48]; /* detector id: "uk_nino", "personal_record" */
	size_t count;
	bool personal; /* personal data (else a secret or other) */
};

struct pc_share_content {
	bool scanned;          /* every byte was read */
	char not_scanned[200]; /* why not, when not */
	struct pc_share_kind kinds[PC_SHARE_MAX_KINDS];
	size_t nkinds;
	size_t personal; /* matches of personal kinds */
};

/* The rules, in the order a file's findings are emitted. */
enum pc_share_rule {
	PC_SHARE_ANYONE_PERSONAL,
	PC_SHARE_EXTERNAL_PERSONAL,
	PC_SHARE_EDIT_ANYONE,
	PC_SHARE_ANYONE,
	PC_SHARE_NO_EXPIRY,
	PC_SHARE_NOT_SCANNED,
	PC_SHARE_NRULES,
};

/* Starts a file's model (all else empty). Strings are copied, cut to
 * fit; NULL = "". */
void pc_share_init(struct pc_shared_file *f, enum pc_share_store store,
    const char *container, const char *name, const char *file_id);

/* Adds one link; expiry is its end date as the store gives it, NULL or
 * "" for none. */
void pc_share_add_link(struct pc_shared_file *f, enum pc_share_scope scope,
    bool edit, const char *expiry);

/*
 * Adds a grant to one address: inside the office (its domain, or a
 * parent domain of it, is one of domains, case-insensitive) it is only
 * counted; outside, it is kept for the evidence. An empty or domainless
 * address is treated as outside (fail closed).
 */
void pc_share_add_grant(struct pc_shared_file *f, const char *address,
    bool edit, const char *expiry, const char *const *domains, size_t ndomains);

/* True when address's domain is one of domains or below one. */
bool pc_share_domain_inside(
    const char *address, const char *const *domains, size_t ndomains);

/* True when anyone, or a named outside address, can open the file: its
 * content must be read. */
bool pc_share_beyond_office(const struct pc_shared_file *f);

/* Starts an empty content result (not scanned, reason ""). */
void pc_share_content_init(struct pc_share_content *c);

/* Counts one match of kind (a detector id) in the content. */
void pc_share_content_add(
    struct pc_share_content *c, const char *kind, bool personal);

/*
 * The rules the file breaks, in emit order, into out[PC_SHARE_NRULES];
 * returns how many. c is the content result (NULL: not read). A file
 * only the organisation can open breaks none; one that could not be
 * fully read never gets a clean bill (content_not_scanned), and personal
 * data found in part of it still counts.
 */
size_t pc_share_classify(enum pc_share_rule *out,
    const struct pc_shared_file *f, const struct pc_share_content *c);

/* The policy's rule id ("shared_anyone_personal_data"). */
const char *pc_share_rule_id(enum pc_share_rule rule);

/* The store's prefix in subjects ("onedrive"). */
const char *pc_share_store_name(enum pc_share_store store);

/* The finding's subject: "onedrive:<owner>:/<path>" and so on. */
void pc_share_subject(char *out, size_t n, const struct pc_shared_file *f);

/* One plain line for a person: the rule's case for this file. */
void pc_share_title(char *out, size_t n, const struct pc_shared_file *f,
    enum pc_share_rule rule);

/*
 * The evidence: who can open it (outside addresses masked as s***@domain),
 * since when, what kinds of data with counts (never values) or why it was
 * not read, and where the fix is in the store's sharing dialogue.
 */
void pc_share_evidence(char *out, size_t n, const struct pc_shared_file *f,
    const struct pc_share_content *c, enum pc_share_rule rule);

#endif

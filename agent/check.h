/* The check interface: what a check needs, and how it reports findings. */
#ifndef PC_CHECK_H
#define PC_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agent/lib/buf.h"
#include "agent/lib/schema.h"
#include "config.h"
#include "policy.h"

/*
 * A check declares, before it runs, everything its sandboxed child may
 * touch: read-only paths, the URLs it connects to (their TCP ports become
 * the only ones allowed) and its secret files (read and permission-checked
 * by the trusted parent, then handed to that child only).
 */
#define PC_NEEDS_MAX 64

/* A host and port the check's child may ask the parent to connect to. */
struct pc_endpoint {
	char *host; /* lower case, as in the URL ("[::1]" keeps brackets) */
	uint16_t port;
};

struct pc_needs {
	char *ro_paths[PC_NEEDS_MAX];
	size_t nro_paths;
	uint16_t tcp_ports[PC_NEEDS_MAX];
	size_t ntcp_ports;
	/* The broker's allowlist: the child has no socket of its own. */
	struct pc_endpoint endpoints[PC_NEEDS_MAX];
	size_t nendpoints;
	bool network;
	char *secret_files[PC_NEEDS_MAX];
	size_t nsecret_files;
	bool not_applicable;
	char *not_applicable_reason;
	/* threads that may run at once (RLIMIT_CPU counts them all); 0 = 1 */
	unsigned cpu_threads;
	/*
	 * When set (a static string), this part learns hosts for the later
	 * part of the same check with this id: its child may send them once
	 * (pc_check_learned_hosts_send); the runner starts that part only
	 * after this one has ended, adds them to its allowlist and hands
	 * them to it (pc_check_learned_hosts). So the trusted parent learns
	 * the hosts without reading the provider's answer itself.
	 */
	const char *hosts_for;
};

/* Adds a read-only path (file or directory tree). */
int pc_needs_add_path(struct pc_needs *n, const char *path);
/* Adds an https URL: marks network, allows its port (443 default) and
 * adds its host:port to the broker's allowlist. */
int pc_needs_add_url(struct pc_needs *n, const char *url);
/* Adds a secret file for the parent to read and pass to the child. */
int pc_needs_add_secret(struct pc_needs *n, const char *path);
/* Adds the office HMAC key (office.hmac beside the signing key) as a
 * secret when it exists: a missing key is reported by the check's run()
 * for that check, not refused for the whole scan. */
int pc_needs_add_office_key(const struct pc_config *cfg, struct pc_needs *n);
/* Adds glibc's iconv module folder (mail charsets), where it exists. */
int pc_needs_add_iconv(struct pc_needs *n);
/* Adds every source reads() picks: its url when it is a website, else its
 * path (read-only); *count_out says how many (0: the caller says why the
 * check is not applicable). */
int pc_needs_add_sources(const struct pc_config *cfg, struct pc_needs *n,
    bool (*reads)(const struct pc_source *s), size_t *count_out);
/* Marks the check not applicable to this office, with the reason. */
int pc_needs_not_applicable(struct pc_needs *n, const char *reason);
/* Frees what the pc_needs_add_* calls allocated. */
void pc_needs_free(struct pc_needs *n);

/* What a check reports about one problem. Strings are borrowed. */
struct pc_finding {
	const char *rule;        /* rule id in the check's policy */
	const char *subject;     /* account, package, file:line, message id */
	const char *title;       /* one line, plain English */
	const char *evidence;    /* already redacted; never raw data */
	const char *remediation; /* NULL = the policy's text for the rule */
	const char *owner;       /* staff member's name, if known */
	/*
	 * Identity (agent/findings.h, pc_finding_id): what the problem is
	 * about and where, taken before anything is masked. key: the keyed
	 * hash of the matched value for content, else the account, package,
	 * device or domain (NULL = subject). locator: where, relative to the
	 * source root (NULL = none). content_key: for content in a file, the
	 * file's keyed content hash and the place inside it, so a moved file
	 * keeps its findings (NULL = not a file).
	 */
	const char *key;
	const char *locator;
	const char *content_key;
};

/*
 * Masks personal data in what a finding says about where it is (file
 * names, Message-IDs, URLs, CSV/JSON keys) before the finding leaves the
 * check's child: every value a detector rated above info finds there is
 * replaced by its masked preview. The content pipeline provides it
 * (checks/content/locmask.c); pc_check_emit calls it for every check, so
 * no check can forget it. The unmasked subject travels beside it as
 * "where", which only the office's checklist shows.
 */
struct pc_locator_masker {
	int (*make)(void **out, const struct pc_policy *policy);
	int (*apply)(
	    void *masker, const char *in, char *out, size_t cap, bool *changed);
	void (*free)(void *masker);
};
extern const struct pc_locator_masker pc_locator_masker;

/* Opaque per-run context handed to a check's run(). */
struct pc_check_ctx;

/*
 * One separately sandboxed piece of a check, for a check whose pieces need
 * different sandboxes (exposure: files with no network; the website crawl
 * with network and no files; breaches with only the HIBP key). The runner
 * forks one child per applicable part and merges their results into the
 * one check result.
 */
struct pc_check_part {
	const char *id; /* NULL ends the list */
	int (*needs)(const struct pc_config *cfg, struct pc_needs *needs);
	int (*run)(struct pc_check_ctx *ctx);
};

#define PC_LEARNED_HOSTS_MAX 8 /* hosts one part may learn for another */

/*
 * A check's own settings under checks.<id> in the config: a field table
 * bound onto a struct of schema->size bytes, then defaults (may be NULL)
 * fills what was left out and validates what the table cannot, naming
 * the config file and the line (node is the checks.<id> map, or NULL). The config loader, `config check` and the starter config all
 * learn the keys from this one table.
 */
struct pc_check_settings {
	const struct pc_schema *schema;
	int (*defaults)(void *settings, const char *config_path,
	    const struct pc_yaml_node *node); /* node: checks.<id>, or NULL */
};

struct check {
	const char *id;
	const char *title;
	const struct pc_check_settings *settings; /* NULL: none */
	/* Fills needs from the config; not_applicable when nothing to do. */
	int (*needs)(const struct pc_config *cfg, struct pc_needs *needs);
	/*
	 * Runs inside the sandboxed child. Returns 0 when it examined
	 * everything it should; otherwise an error code with pc_error_set()
	 * detail, and the check is reported as error (findings already
	 * emitted are kept).
	 */
	int (*run)(struct pc_check_ctx *ctx);
	/* When set, needs and run are not used: each part is run in its own
	 * child (NULL-id terminated). */
	const struct pc_check_part *parts;
	/*
	 * Optional, for `portcullis config check`: runs instead of run, in
	 * the same sandboxed child with the same needs (a check with parts:
	 * its first part's child and needs), and proves the
	 * check could work (signs in, one small read-only request per
	 * permission) without examining anything. Each step is a count line
	 * ("ok: list users (User.Read.All)"), each failure
	 * pc_check_incomplete. NULL: nothing to probe before a scan.
	 */
	int (*probe)(struct pc_check_ctx *ctx);
};

/* The config, borrowed for the run. */
const struct pc_config *pc_check_config(struct pc_check_ctx *ctx);
/* This check's policy entry, borrowed for the run. */
const struct pc_policy_check *pc_check_policy(struct pc_check_ctx *ctx);
/* The agent's own secret files by (device, inode), computed by the parent
 * from the config: a content reader skips any file that is one of them.
 * Borrowed for the run; *n_out gets the count. */
const struct pc_file_id *pc_check_secret_ids(
    struct pc_check_ctx *ctx, size_t *n_out);
/* The whole policy (for its data files), borrowed for the run. */
const struct pc_policy *pc_check_full_policy(struct pc_check_ctx *ctx);

/*
 * The bytes of a secret file the check declared in needs(), loaded by the
 * parent; NULL if not declared. Borrowed; wiped when the child exits.
 */
const struct pc_buf *pc_check_secret(
    struct pc_check_ctx *ctx, const char *path);

/* Streams one finding to the parent. */
int pc_check_emit(struct pc_check_ctx *ctx, const struct pc_finding *f);

/*
 * Sends the hosts this part learned for the part named in its hosts_for
 * ("name" or "name:port"; lower-case DNS names; the port one this part
 * may itself use), at most PC_LEARNED_HOSTS_MAX, once. The parent refuses
 * anything else and the check is an error.
 */
int pc_check_learned_hosts_send(
    struct pc_check_ctx *ctx, const char *const *hosts, size_t n);

/*
 * The hosts another part (whose needs name this part in hosts_for)
 * learned for this one, borrowed for the
 * run (*n_out gets the count); *learned_out says whether that part sent
 * any (false: it could not learn them, or there is no such part).
 */
const char *const *pc_check_learned_hosts(
    struct pc_check_ctx *ctx, size_t *n_out, bool *learned_out);

/* Records a count line for the report ("37 accounts examined"). */
int pc_check_count(struct pc_check_ctx *ctx, const char *scope, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

/*
 * Records a problem that makes the check incomplete (status error) while
 * letting it go on with other providers or sources.
 */
int pc_check_incomplete(struct pc_check_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Says, from inside the run, that there was nothing to examine (a tenant
 * without the licence the check reads): the check (or part) ends
 * not_applicable with the reason, unless it emitted findings or was
 * incomplete.
 */
int pc_check_not_applicable(struct pc_check_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Sends a progress note for the live progress line. */
int pc_check_progress(struct pc_check_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Unix time the scan started (for ages and due dates). */
long long pc_check_now(struct pc_check_ctx *ctx);

/* The registry: NULL-terminated list of every check, in run order. */
extern const struct check *const pc_checks[];

/* The registry's tables for the config loader: pc_checks and every
 * provider's settings (checks/registry.c). */
extern const struct pc_config_tables pc_registry;

/* The registered check with id, or NULL. */
const struct check *pc_check_find(const char *id);

#endif

/* The findings stage: validate, enrich from the policy, identify, dedupe. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "agent/findings.h"
#include "agent/lib/err.h"

/*
 * Finding ids already in the report, so a problem reported twice is kept
 * once without comparing every finding with every other: open addressing
 * on the id's leading 64 bits, holding report indexes.
 */
struct id_set {
	size_t *slots; /* report index + 1; 0 = empty */
	size_t cap;    /* a power of two */
	size_t n;
};

struct pc_findings {
	struct pc_report *report;
	const struct pc_policy *policy;
	long long now;
	struct id_set seen;
};

/* The slot for id: where it is, or the empty slot where it would go. */
static size_t *
id_slot(struct id_set *set, const struct pc_report *report, const char *id)
{
	char lead[17];
	size_t i;

	/* Ids are hex SHA-256 prefixes: their first 64 bits hash well. */
	snprintf(lead, sizeof(lead), "%s", id);
	i = (size_t)strtoull(lead, NULL, 16) & (set->cap - 1);

	while (set->slots[i] != 0 &&
	    strcmp(report->findings[set->slots[i] - 1].id, id) != 0)
		i = (i + 1) & (set->cap - 1);
	return &set->slots[i];
}

/* Adds the report's last finding to the set, growing it at half full. */
static int
id_set_add_last(struct id_set *set, const struct pc_report *report)
{
	size_t i, cap, *old = set->slots, old_cap = set->cap;

	if (2 * (set->n + 1) > set->cap) {
		cap = set->cap ? set->cap * 2 : 1024;
		if ((set->slots = calloc(cap, sizeof(size_t))) == NULL) {
			set->slots = old;
			return pc_error_set(PC_ENOMEM, "out of memory");
		}
		set->cap = cap;
		for (i = 0; i < old_cap; i++)
			if (old[i] != 0)
				*id_slot(set, report,
				    report->findings[old[i] - 1].id) = old[i];
		free(old);
	}
	*id_slot(set, report, report->findings[report->nfindings - 1].id) =
	    report->nfindings;
	set->n++;
	return 0;
}

/* A stage adding to report. */
int
pc_findings_new(struct pc_findings **out, struct pc_report *report,
    const struct pc_policy *policy, long long now)
{
	struct pc_findings *fs;

	if ((fs = calloc(1, sizeof(*fs))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	fs->report = report;
	fs->policy = policy;
	fs->now = now;
	*out = fs;
	return 0;
}

/* Frees the stage (not the report). */
void
pc_findings_free(struct pc_findings *fs)
{
	if (fs == NULL)
		return;
	free(fs->seen.slots);
	free(fs);
}

/* Finding identity (see findings.h). */
void
pc_finding_id(char out[33], const char *check, const char *rule,
    const char *key, const char *locator)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *ctx;
	int i, ok;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		abort();
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	    EVP_DigestUpdate(ctx, check, strlen(check) + 1) &&
	    EVP_DigestUpdate(ctx, rule, strlen(rule) + 1) &&
	    EVP_DigestUpdate(ctx, key, strlen(key));
	if (ok && locator != NULL && locator[0] != '\0')
		ok = EVP_DigestUpdate(ctx, "", 1) &&
		    EVP_DigestUpdate(ctx, locator, strlen(locator));
	if (!ok || !EVP_DigestFinal_ex(ctx, md, NULL))
		abort();
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Due date: the rule's own days, else the severity's. */
long long
pc_findings_due(const struct pc_policy *p, const char *check, const char *rule,
    enum pc_severity sev, long long from)
{
	const struct pc_policy_check *pc = pc_policy_find_check(p, check);
	const struct pc_rule *r = pc ? pc_policy_find_rule(pc, rule) : NULL;
	long days = r && r->due_days > 0 ? r->due_days : p->due_days[sev];

	return from + days * 86400LL;
}

/* A string member or NULL; sets *bad when present but not a string of at
 * most max bytes. */
static const char *
get_str(const cJSON *o, const char *k, size_t max, bool *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (v == NULL || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v) || strlen(v->valuestring) > max) {
		*bad = true;
		return NULL;
	}
	return v->valuestring;
}

/* The finding message's fields, borrowed from the message. */
struct msg {
	const char *rule, *subject, *title, *evidence, *remediation, *owner;
	const char *key, *locator, *content_key;
	const char *where; /* unmasked subject, for the checklist only */
};

/* Reads and bounds the message's fields; PC_EINVALID when malformed. */
static int
read_msg(struct msg *m, const cJSON *o)
{
	bool bad = false;

	m->rule = get_str(o, "rule", 64, &bad);
	m->subject = get_str(o, "subject", 1024, &bad);
	m->title = get_str(o, "title", 512, &bad);
	m->evidence = get_str(o, "evidence", 1024, &bad);
	m->remediation = get_str(o, "remediation", 2048, &bad);
	m->owner = get_str(o, "owner", 256, &bad);
	m->key = get_str(o, "key", 1024, &bad);
	m->locator = get_str(o, "locator", 2048, &bad);
	m->content_key = get_str(o, "content_key", 2048, &bad);
	m->where = get_str(o, "where", 1024, &bad);
	if (bad || m->rule == NULL || m->subject == NULL)
		return pc_error_set(
		    PC_EINVALID, "the check sent a malformed finding");
	return 0;
}

/* Takes one finding message: validate, enrich, identify, dedupe, add. */
int
pc_findings_take(struct pc_findings *fs, const char *check_id,
    const struct pc_policy_check *pc, const cJSON *o, bool *added)
{
	struct pc_report_finding f = { 0 };
	const struct pc_rule *rule;
	struct msg m;
	char id[33], cid[33], ckey[2100];
	int r;

	if (added)
		*added = false;
	if ((r = read_msg(&m, o)) != 0)
		return r;
	if ((rule = pc_policy_find_rule(pc, m.rule)) == NULL)
		return pc_error_set(PC_EINVALID,
		    "the check sent a finding for rule \"%s\", which the policy does not define",
		    m.rule);
	pc_finding_id(
	    id, check_id, m.rule, m.key ? m.key : m.subject, m.locator);
	if (fs->seen.cap > 0 && *id_slot(&fs->seen, fs->report, id) != 0)
		return 0; /* the same problem reported twice */
	f.id = id;
	if (m.content_key != NULL) {
		/* Where the problem sits inside its file's content, whatever
		 * the file's path: history recognises a moved file by it. */
		snprintf(ckey, sizeof(ckey), "content:%s", m.content_key);
		pc_finding_id(cid, check_id, m.rule, m.key ? m.key : "", ckey);
		f.content_id = cid;
	}
	f.check = (char *)check_id;
	f.rule = (char *)m.rule;
	f.subject = (char *)m.subject;
	f.where = (char *)m.where;
	f.title = (char *)(m.title ? m.title : rule->title);
	f.evidence = (char *)m.evidence;
	f.owner = (char *)m.owner;
	f.remediation =
	    (char *)(m.remediation ? m.remediation : rule->remediation);
	f.confirm = rule->confirm;
	f.escalate_to = rule->escalate_to;
	f.severity = rule->severity;
	pc_time_iso(f.due,
	    pc_findings_due(
		fs->policy, check_id, m.rule, rule->severity, fs->now));
	pc_time_iso(f.first_seen, fs->now);
	if ((r = pc_report_add_finding(fs->report, &f)) != 0)
		return r;
	if ((r = id_set_add_last(&fs->seen, fs->report)) != 0)
		return r;
	if (added)
		*added = true;
	return 0;
}

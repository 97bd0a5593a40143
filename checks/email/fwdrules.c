/* Forwarding set-ups read from Graph messageRules and Gmail settings. */
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "fwdrules.h"

/* Copies s into out (n bytes), control bytes shown as '?'. */
static void
copy_clean(char *out, size_t n, const char *s)
{
	size_t i;

	snprintf(out, n, "%s", s ? s : "");
	for (i = 0; out[i]; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = '?';
}

/* Adds one target address (counted as dropped past the cap). */
static int
add_target(struct pc_fwd_rule *out, enum pc_fwd_action a, const char *addr,
    const char *what)
{
	if (addr == NULL || *addr == '\0' || strlen(addr) >= PC_FWD_ADDRESS_MAX)
		return pc_error_set(PC_EPARSE,
		    "%s: a forwarding address is empty or longer than %d bytes",
		    what, PC_FWD_ADDRESS_MAX - 1);
	if (out->ntargets == PC_FWD_MAX_TARGETS) {
		out->dropped++;
		return 0;
	}
	out->targets[out->ntargets].action = a;
	copy_clean(
	    out->targets[out->ntargets].address, PC_FWD_ADDRESS_MAX, addr);
	out->ntargets++;
	return 0;
}

/* Adds a Graph recipient ({"emailAddress":{"address"}}). */
static int
add_recipient(struct pc_fwd_rule *out, enum pc_fwd_action a, const cJSON *rcpt)
{
	const cJSON *ea;
	const char *addr;
	int r;

	if ((r = pc_json_expect_object(rcpt, "a recipient", "messageRules")) ||
	    (r = pc_json_need_object(
		 &ea, rcpt, "emailAddress", "messageRules")) ||
	    (r = pc_json_need_string(&addr, ea, "address", "messageRules")))
		return r;
	return add_target(out, a, addr, "messageRules");
}

/* Adds the recipients of one action: an array, or (redirectTo as some
 * tenants return it) a single recipient object. */
static int
add_action(struct pc_fwd_rule *out, const cJSON *actions, const char *key,
    enum pc_fwd_action a)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(actions, key), *x;
	int r;

	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsObject(v))
		return add_recipient(out, a, v);
	if (!cJSON_IsArray(v))
		return pc_error_set(PC_EPARSE,
		    "messageRules: expected actions.%s to be an array or an object",
		    key);
	cJSON_ArrayForEach(
	    x, v) if ((r = add_recipient(out, a, x)) != 0) return r;
	return 0;
}

/* True when a predicates object sets nothing (null, false, empty). */
static bool
predicates_empty(const cJSON *p)
{
	const cJSON *x;

	if (p == NULL || cJSON_IsNull(p) || cJSON_IsFalse(p))
		return true;
	if (cJSON_IsArray(p))
		return cJSON_GetArraySize(p) == 0;
	if (!cJSON_IsObject(p))
		return false;
	cJSON_ArrayForEach(x, p) if (!predicates_empty(x)) return false;
	return true;
}

/* Reads one messageRule. */
int
pc_fwd_graph_rule(struct pc_fwd_rule *out, const cJSON *rule)
{
	const cJSON *actions, *cond, *exc;
	const char *id, *name;
	int enabled, has_error, r;

	memset(out, 0, sizeof(*out));
	if ((r = pc_json_expect_object(
		 rule, "each value item", "messageRules")) ||
	    (r = pc_json_need_string(&id, rule, "id", "messageRules")) ||
	    (r = pc_json_opt_string(
		 &name, rule, "displayName", "messageRules")) ||
	    (r = pc_json_opt_bool(
		 &enabled, rule, "isEnabled", "messageRules")) ||
	    (r = pc_json_opt_bool(
		 &has_error, rule, "hasError", "messageRules")) ||
	    (r = pc_json_opt_object(
		 &actions, rule, "actions", "messageRules")) ||
	    (r = pc_json_opt_object(
		 &cond, rule, "conditions", "messageRules")) ||
	    (r = pc_json_opt_object(&exc, rule, "exceptions", "messageRules")))
		return r;
	copy_clean(out->id, sizeof(out->id), id);
	copy_clean(out->name, sizeof(out->name), name);
	/* Graph always sends isEnabled; a rule without it is taken as on,
	 * so a missing flag never hides forwarding. */
	out->enabled = enabled != 0;
	out->has_error = has_error == 1;
	out->all_mail = predicates_empty(cond);
	out->has_exceptions = !predicates_empty(exc);
	if ((r = add_action(out, actions, "forwardTo", PC_FWD_FORWARD)) ||
	    (r = add_action(out, actions, "redirectTo", PC_FWD_REDIRECT)) ||
	    (r = add_action(
		 out, actions, "forwardAsAttachmentTo", PC_FWD_ATTACHMENT)))
		return r;
	return 0;
}

/* Every rule of a messageRules page. */
int
pc_fwd_graph_page(const cJSON *page,
    int (*each)(void *arg, const struct pc_fwd_rule *rule), void *arg)
{
	struct pc_fwd_rule rule;
	const cJSON *value, *x;
	int r;

	if ((r = pc_json_need_array(&value, page, "value", "messageRules")))
		return r;
	cJSON_ArrayForEach(x, value)
	{
		if ((r = pc_fwd_graph_rule(&rule, x)) != 0 ||
		    (r = each(arg, &rule)) != 0)
			return r;
	}
	return 0;
}

/* Every accepted forwarding address. */
int
pc_fwd_gmail_accepted(
    const cJSON *body, int (*each)(void *arg, const char *address), void *arg)
{
	const cJSON *list, *x;
	const char *addr, *status;
	int r;

	if ((r = pc_json_expect_object(
		 body, "the forwardingAddresses answer", "gmail")) ||
	    (r = pc_json_opt_array(
		 &list, body, "forwardingAddresses", "gmail")))
		return r;
	cJSON_ArrayForEach(x, list)
	{
		if ((r = pc_json_expect_object(
			 x, "a forwarding address", "gmail")) ||
		    (r = pc_json_need_string(
			 &addr, x, "forwardingEmail", "gmail")) ||
		    (r = pc_json_opt_string(
			 &status, x, "verificationStatus", "gmail")))
			return r;
		if (status && strcmp(status, "accepted") == 0 &&
		    (r = each(arg, addr)) != 0)
			return r;
	}
	return 0;
}

/* users.settings.autoForwarding as a rule. */
int
pc_fwd_gmail_auto(struct pc_fwd_rule *out, const cJSON *body)
{
	const char *addr;
	int enabled, r;

	memset(out, 0, sizeof(*out));
	snprintf(out->id, sizeof(out->id), "autoForwarding");
	out->all_mail = true;
	if ((r = pc_json_expect_object(
		 body, "the autoForwarding answer", "gmail")) ||
	    (r = pc_json_opt_bool(&enabled, body, "enabled", "gmail")) ||
	    (r = pc_json_opt_string(&addr, body, "emailAddress", "gmail")))
		return r;
	out->enabled = enabled == 1;
	if (!out->enabled)
		return 0;
	return add_target(out, PC_FWD_AUTO, addr, "gmail");
}

/* Every filter that forwards. */
int
pc_fwd_gmail_filters(const cJSON *body,
    int (*each)(void *arg, const struct pc_fwd_rule *rule), void *arg)
{
	const cJSON *list, *x, *action, *criteria;
	const char *id, *fwd;
	struct pc_fwd_rule rule;
	int r;

	if ((r = pc_json_expect_object(body, "the filters answer", "gmail")) ||
	    (r = pc_json_opt_array(&list, body, "filter", "gmail")))
		return r;
	cJSON_ArrayForEach(x, list)
	{
		if ((r = pc_json_expect_object(x, "a filter", "gmail")) ||
		    (r = pc_json_need_string(&id, x, "id", "gmail")) ||
		    (r = pc_json_opt_object(&action, x, "action", "gmail")) ||
		    (r = pc_json_opt_object(
			 &criteria, x, "criteria", "gmail")) ||
		    (r = pc_json_opt_string(&fwd, action, "forward", "gmail")))
			return r;
		if (fwd == NULL)
			continue;
		memset(&rule, 0, sizeof(rule));
		copy_clean(rule.id, sizeof(rule.id), id);
		rule.enabled = true;
		rule.all_mail = predicates_empty(criteria);
		if ((r = add_target(&rule, PC_FWD_FILTER, fwd, "gmail")) != 0 ||
		    (r = each(arg, &rule)) != 0)
			return r;
	}
	return 0;
}

/* The verb for an action, for evidence. */
const char *
pc_fwd_action_verb(enum pc_fwd_action a)
{
	switch (a) {
	case PC_FWD_FORWARD: return "forwards";
	case PC_FWD_REDIRECT: return "redirects";
	case PC_FWD_ATTACHMENT: return "forwards as an attachment";
	case PC_FWD_AUTO: return "forwards all mail";
	case PC_FWD_FILTER: return "forwards matching mail";
	}
	return "forwards";
}

/* Forwarding set-ups read from provider answers: Microsoft 365 inbox
 * rules and Gmail's auto-forwarding, filters and forwarding addresses. */
#ifndef PC_EMAIL_FWDRULES_H
#define PC_EMAIL_FWDRULES_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#define PC_FWD_MAX_TARGETS 16
#define PC_FWD_ADDRESS_MAX 320

/* How a set-up sends mail on. */
enum pc_fwd_action {
	PC_FWD_FORWARD,    /* Outlook forwardTo */
	PC_FWD_REDIRECT,   /* Outlook redirectTo */
	PC_FWD_ATTACHMENT, /* Outlook forwardAsAttachmentTo */
	PC_FWD_AUTO,       /* Gmail automatic forwarding */
	PC_FWD_FILTER,     /* a Gmail filter's forward action */
};

struct pc_fwd_target {
	enum pc_fwd_action action;
	char address[PC_FWD_ADDRESS_MAX];
};

/* One rule, filter or forwarding setting of one mailbox. */
struct pc_fwd_rule {
	char id[160];   /* rule or filter id; "autoForwarding" */
	char name[128]; /* the rule's display name (control bytes as ?) */
	bool enabled;
	bool has_error;      /* Outlook marks the rule hasError */
	bool all_mail;       /* no conditions: every message matches */
	bool has_exceptions; /* Outlook exceptions are set */
	struct pc_fwd_target targets[PC_FWD_MAX_TARGETS];
	size_t ntargets;
	size_t dropped; /* targets past PC_FWD_MAX_TARGETS */
};

/* Reads one Graph messageRule object (forwardTo, redirectTo as an object
 * or an array, forwardAsAttachmentTo; isEnabled, hasError, conditions,
 * exceptions). Fails with PC_EPARSE on a wrong shape. */
int pc_fwd_graph_rule(struct pc_fwd_rule *out, const cJSON *rule);

/* Calls each() for every rule of a messageRules page; a page whose value
 * is not an array is an error. */
int pc_fwd_graph_page(const cJSON *page,
    int (*each)(void *arg, const struct pc_fwd_rule *rule), void *arg);

/* Gmail users.settings.forwardingAddresses: calls each() with every
 * accepted address ({} when the user has none). */
int pc_fwd_gmail_accepted(
    const cJSON *body, int (*each)(void *arg, const char *address), void *arg);

/* Gmail users.settings.autoForwarding as a rule (enabled, all mail, one
 * PC_FWD_AUTO target when enabled). */
int pc_fwd_gmail_auto(struct pc_fwd_rule *out, const cJSON *body);

/* Gmail users.settings.filters: each() for every filter that forwards
 * ({} when there are none). */
int pc_fwd_gmail_filters(const cJSON *body,
    int (*each)(void *arg, const struct pc_fwd_rule *rule), void *arg);

/* "forwards", "redirects", "forwards as an attachment", ... */
const char *pc_fwd_action_verb(enum pc_fwd_action a);

#endif

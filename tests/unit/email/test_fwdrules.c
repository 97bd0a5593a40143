/* Forwarding set-ups read from Graph messageRules and Gmail settings
 * (checks/email/fwdrules.c): every shape a provider answers with. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/email/fwdrules.h"

static struct pc_fwd_rule got[8];
static size_t ngot;

/* Keeps each rule a reader hands over. */
static int
keep(void *arg, const struct pc_fwd_rule *rule)
{
	(void)arg;
	cr_assert_lt(ngot, 8);
	got[ngot++] = *rule;
	return 0;
}

/* Parses text and reads it as a messageRules page. */
static int
page(const char *text)
{
	cJSON *j = cJSON_Parse(text);
	int r;

	cr_assert_not_null(j, "bad test JSON: %s", text);
	ngot = 0;
	r = pc_fwd_graph_page(j, keep, NULL);
	cJSON_Delete(j);
	return r;
}

#define RCPT(a) "{\"emailAddress\":{\"name\":\"x\",\"address\":\"" a "\"}}"

Test(fwdrules, each_outlook_action_and_redirect_shape)
{
	cr_assert_eq(page("{\"value\":[{\"id\":\"r1\",\"displayName\":\"Home\","
	    "\"isEnabled\":true,\"hasError\":false,\"conditions\":{},"
	    "\"actions\":{\"forwardTo\":[" RCPT("a@gmail.com") "],"
	    "\"redirectTo\":" RCPT("b@outlook.com") ","
	    "\"forwardAsAttachmentTo\":[" RCPT("c@yahoo.com") "," RCPT(
	    "d@parliament.uk") "]}},"
	    "{\"id\":\"r2\",\"isEnabled\":true,\"actions\":{\"redirectTo\":["
	    RCPT("e@aol.com") "]}}]}"), 0, "%s", pc_error_get());
	cr_assert_eq(ngot, 2);
	cr_assert_str_eq(got[0].name, "Home");
	cr_assert_eq(got[0].ntargets, 4);
	cr_assert_eq(got[0].targets[0].action, PC_FWD_FORWARD);
	cr_assert_str_eq(got[0].targets[0].address, "a@gmail.com");
	cr_assert_eq(got[0].targets[1].action, PC_FWD_REDIRECT);
	cr_assert_str_eq(got[0].targets[1].address, "b@outlook.com");
	cr_assert_eq(got[0].targets[2].action, PC_FWD_ATTACHMENT);
	cr_assert_eq(got[0].targets[3].action, PC_FWD_ATTACHMENT);
	cr_assert(got[0].enabled && got[0].all_mail && !got[0].has_error);
	cr_assert_eq(got[1].ntargets, 1);
	cr_assert_eq(got[1].targets[0].action, PC_FWD_REDIRECT);
	cr_assert_str_eq(got[1].name, "");
}

Test(fwdrules, conditions_exceptions_enabled_and_has_error)
{
	cr_assert_eq(page("{\"value\":["
	    "{\"id\":\"a\",\"isEnabled\":false,\"conditions\":null},"
	    "{\"id\":\"b\",\"hasError\":true,\"conditions\":{\"importance\":"
	    "null,\"subjectContains\":[],\"isAutomaticReply\":false,"
	    "\"sizeRange\":{}}},"
	    "{\"id\":\"c\",\"isEnabled\":true,\"conditions\":{"
	    "\"subjectContains\":[\"casework\"]}},"
	    "{\"id\":\"d\",\"isEnabled\":true,\"conditions\":{\"hasAttachments\""
	    ":true}},"
	    "{\"id\":\"e\",\"isEnabled\":true,\"exceptions\":{"
	    "\"senderContains\":[\"mp\"]}}]}"), 0, "%s", pc_error_get());
	cr_assert_eq(ngot, 5);
	cr_assert(!got[0].enabled && got[0].all_mail);
	/* isEnabled left out: taken as on, so forwarding is never hidden. */
	cr_assert(got[1].enabled && got[1].has_error && got[1].all_mail);
	cr_assert(!got[2].all_mail);
	cr_assert(!got[3].all_mail);
	cr_assert(got[4].all_mail && got[4].has_exceptions);
}

Test(fwdrules, wrong_shapes_are_errors)
{
	cr_assert_eq(page("{\"value\":{\"id\":\"r\"}}"), PC_EPARSE);
	cr_assert(strstr(pc_error_get(), "value") != NULL, "%s",
	    pc_error_get());
	cr_assert_eq(page("{}"), PC_EPARSE);
	cr_assert_eq(page("{\"value\":[{\"id\":\"r\",\"actions\":{"
	    "\"redirectTo\":\"x@gmail.com\"}}]}"), PC_EPARSE);
	cr_assert_eq(page("{\"value\":[{\"id\":\"r\",\"actions\":{"
	    "\"forwardTo\":[{\"emailAddress\":{}}]}}]}"), PC_EPARSE);
	cr_assert_eq(page("{\"value\":[{\"actions\":{}}]}"), PC_EPARSE);
	cr_assert_eq(page("{\"value\":[7]}"), PC_EPARSE);
	cr_assert_eq(page("{\"value\":[{\"id\":\"r\",\"actions\":{"
	    "\"forwardTo\":[" RCPT("") "]}}]}"), PC_EPARSE);
}

Test(fwdrules, many_targets_are_capped_and_counted)
{
	char text[8192] = "{\"value\":[{\"id\":\"r\",\"actions\":{\"forwardTo\":[";
	size_t i;

	for (i = 0; i < 20; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "%s" RCPT("x%zu@gmail.com"), i ? "," : "", i);
	snprintf(text + strlen(text), sizeof(text) - strlen(text), "]}}]}");
	cr_assert_eq(page(text), 0, "%s", pc_error_get());
	cr_assert_eq(got[0].ntargets, PC_FWD_MAX_TARGETS);
	cr_assert_eq(got[0].dropped, 20 - PC_FWD_MAX_TARGETS);
}

Test(fwdrules, control_bytes_in_a_name_are_shown_as_question_marks)
{
	cr_assert_eq(page("{\"value\":[{\"id\":\"r\",\"displayName\":"
	    "\"a\\nb\\u001b[31m\"}]}"), 0, "%s", pc_error_get());
	cr_assert_str_eq(got[0].name, "a?b?[31m");
}

static const char *accepted[8];
static size_t naccepted;

/* Keeps each accepted forwarding address. */
static int
keep_addr(void *arg, const char *address)
{
	(void)arg;
	accepted[naccepted++] = address;
	return 0;
}

Test(fwdrules, gmail_settings)
{
	cJSON *j;
	struct pc_fwd_rule rule;

	j = cJSON_Parse("{\"forwardingAddresses\":[{\"forwardingEmail\":"
	    "\"a@gmail.com\",\"verificationStatus\":\"accepted\"},"
	    "{\"forwardingEmail\":\"b@gmail.com\",\"verificationStatus\":"
	    "\"pending\"}]}");
	naccepted = 0;
	cr_assert_eq(pc_fwd_gmail_accepted(j, keep_addr, NULL), 0);
	cr_assert_eq(naccepted, 1);
	cr_assert_str_eq(accepted[0], "a@gmail.com");
	cJSON_Delete(j);
	/* A user with none answers {}. */
	j = cJSON_Parse("{}");
	naccepted = 0;
	cr_assert_eq(pc_fwd_gmail_accepted(j, keep_addr, NULL), 0);
	cr_assert_eq(naccepted, 0);
	cr_assert_eq(pc_fwd_gmail_filters(j, keep, NULL), 0);
	cJSON_Delete(j);

	j = cJSON_Parse("{\"enabled\":true,\"emailAddress\":\"a@gmail.com\","
	    "\"disposition\":\"archive\"}");
	cr_assert_eq(pc_fwd_gmail_auto(&rule, j), 0);
	cr_assert(rule.enabled && rule.all_mail && rule.ntargets == 1 &&
	    rule.targets[0].action == PC_FWD_AUTO);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"enabled\":false}");
	cr_assert_eq(pc_fwd_gmail_auto(&rule, j), 0);
	cr_assert(!rule.enabled && rule.ntargets == 0);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"enabled\":true}");
	cr_assert_eq(pc_fwd_gmail_auto(&rule, j), PC_EPARSE);
	cJSON_Delete(j);

	j = cJSON_Parse("{\"filter\":[{\"id\":\"f1\",\"criteria\":{\"from\":"
	    "\"x\"},\"action\":{\"addLabelIds\":[\"L\"]}},{\"id\":\"f2\","
	    "\"criteria\":{\"from\":\"council\"},\"action\":{\"forward\":"
	    "\"a@gmail.com\"}}]}");
	ngot = 0;
	cr_assert_eq(pc_fwd_gmail_filters(j, keep, NULL), 0);
	cr_assert_eq(ngot, 1);
	cr_assert_str_eq(got[0].id, "f2");
	cr_assert(!got[0].all_mail && got[0].targets[0].action ==
	    PC_FWD_FILTER);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"filter\":{}}");
	cr_assert_eq(pc_fwd_gmail_filters(j, keep, NULL), PC_EPARSE);
	cJSON_Delete(j);
}

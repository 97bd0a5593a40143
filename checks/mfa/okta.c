/* Okta: enrolled factors and admin roles of every active user, read
 * through a checks/providers/okta.c session. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/providers/okta.h"
#include "mfa.h"

/* Classifies a user's factor list: ACTIVE factors only; SMS, voice call
 * and e-mail are weak; a security question is no second factor at all. */
int
pc_mfa_okta_factors(
    enum mfa_state *state_out, char *methods, size_t n, const cJSON *factors)
{
	const cJSON *f;
	const char *type, *status;
	bool strong = false, weak = false;
	size_t l;
	int r;

	methods[0] = '\0';
	if ((r = pc_json_expect_array(factors, "the factor list", "okta")))
		return r;
	cJSON_ArrayForEach(f, factors)
	{
		if ((r = pc_json_need_string(&type, f, "factorType", "okta")) ||
		    (r = pc_json_need_string(&status, f, "status", "okta")))
			return r;
		if (strcmp(status, "ACTIVE") != 0)
			continue;
		if (strcmp(type, "sms") == 0 || strcmp(type, "call") == 0 ||
		    strcmp(type, "email") == 0)
			weak = true;
		else if (strcmp(type, "question") != 0)
			strong = true;
		l = strlen(methods);
		if (strstr(methods, type) == NULL)
			snprintf(
			    methods + l, n - l, "%s%s", l ? ", " : "", type);
	}
	*state_out = strong ? MFA_STRONG : weak ? MFA_WEAK : MFA_NONE;
	return 0;
}

/* "{base}/api/v1/users/{id}/{what}"; NULL when out of memory. */
static char *
user_url(const char *base, const char *id, const char *what)
{
	struct pc_buf u;

	pc_buf_init(&u, 4096);
	if (pc_buf_addf(&u, "%s/api/v1/users/%s/%s", base, id, what) != 0) {
		pc_buf_free(&u);
		return NULL;
	}
	return pc_buf_take(&u, NULL);
}

/* An active user and its two requests: factors [0] and roles [1]. */
struct okta_user {
	struct okta_user *next;
	char *login;
	char *urls[2];
	struct pc_http_req reqs[2];
	struct pc_http_resp resps[2];
	int issued, finished;
};

/*
 * A scan kept in flight as a stream: list pages in order, and each user's
 * two requests as soon as its page is read. Users are examined in page
 * order once both of their answers are in, so findings, counts and the
 * point an error stops at are those of reading page after page. The next
 * page is asked for only while no more than OKTA_QUEUE users wait, so
 * about two pages of users are held at a time (memory stays flat).
 */
struct okta_run {
	struct mfa_provider *p;
	const char *base;
	struct pc_pager pager;
	struct okta_user *head, *tail, *issue;
	size_t queued;
	char *next_url; /* the next page to ask for, or NULL */
	char *page_url;
	struct pc_http_req page_req;
	struct pc_http_resp page_resp;
	bool page_busy;
	int page_err; /* a failed page, reported after the users before it */
	char page_msg[512];
};

/* The next page is asked for once no more than this many users wait. */
#define OKTA_QUEUE 200

/* Frees one user. */
static void
user_free(struct okta_user *u)
{
	int k;

	for (k = 0; k < 2; k++) {
		pc_http_resp_free(&u->resps[k]);
		free(u->urls[k]);
	}
	free(u->login);
	free(u);
}

/* Queues the active users of a list page with their two request URLs. */
static int
page_users(struct okta_run *run, const cJSON *list)
{
	struct mfa_provider *p = run->p;
	const cJSON *u, *profile;
	const char *id, *login, *status;
	struct okta_user *nu;
	char *esc;
	int r;

	if ((r = pc_json_expect_array(list, "the user list", "okta")) != 0)
		return pc_error_set(r, "okta: %s", pc_error_get());
	cJSON_ArrayForEach(u, list)
	{
		if ((r = pc_json_need_string(&id, u, "id", "okta")) ||
		    (r = pc_json_opt_string(&status, u, "status", "okta")) ||
		    (r = pc_json_need_object(&profile, u, "profile", "okta")) ||
		    (r = pc_json_need_string(&login, profile, "login", "okta")))
			return pc_error_set(r, "okta: %s", pc_error_get());
		if (status && strcmp(status, "ACTIVE") != 0) {
			p->excluded++;
			continue;
		}
		if ((nu = calloc(1, sizeof(*nu))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		/* Queued first, so the run frees it on any failure below. */
		if (run->tail)
			run->tail->next = nu;
		else
			run->head = nu;
		run->tail = nu;
		run->queued++;
		if (run->issue == NULL)
			run->issue = nu;
		if ((esc = curl_easy_escape(NULL, id, 0)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		nu->urls[0] = user_url(run->base, esc, "factors");
		nu->urls[1] = user_url(run->base, esc, "roles");
		curl_free(esc);
		nu->login = strdup(login);
		if (!nu->urls[0] || !nu->urls[1] || !nu->login)
			return pc_error_set(PC_ENOMEM, "out of memory");
		nu->reqs[0].url = nu->urls[0];
		nu->reqs[1].url = nu->urls[1];
	}
	return 0;
}

/* Reads a list page: its users, and the link to the next one. */
static int
page_read(struct okta_run *run, const struct pc_http_resp *resp)
{
	struct okta_user *old_tail = run->tail, *u;
	cJSON *list = NULL;
	char *next = NULL;
	int r;

	if (resp->err != 0)
		return pc_error_set(resp->err, "okta: %s", resp->errmsg);
	if (resp->status != 200)
		return pc_okta_refused(resp, "the user list");
	if ((r = pc_http_json(&list, resp, "okta")) != 0) {
		pc_error_set(r, "okta: %s", pc_error_get());
		goto out;
	}
	if ((r = pc_okta_next(&next, &run->pager, resp)) != 0)
		goto out;
	if ((r = page_users(run, list)) != 0) {
		/* A bad page counts for nothing: drop what it queued. */
		u = old_tail ? old_tail->next : run->head;
		while (u != NULL) {
			struct okta_user *nx = u->next;

			if (run->issue == u)
				run->issue = NULL;
			user_free(u);
			run->queued--;
			u = nx;
		}
		if (old_tail)
			old_tail->next = NULL;
		else
			run->head = NULL;
		run->tail = old_tail;
		goto out;
	}
	run->next_url = next;
	next = NULL;
out:
	cJSON_Delete(list);
	free(next);
	return r;
}

/* Examines a user whose factors and roles have both come back. */
static int
user_examine(struct okta_run *run, struct okta_user *u)
{
	struct mfa_account a = { .account = u->login };
	char methods[256];
	cJSON *j = NULL;
	int k, r;

	for (k = 0; k < 2; k++) {
		if (u->resps[k].err != 0)
			return pc_error_set(
			    u->resps[k].err, "okta: %s", u->resps[k].errmsg);
		if (u->resps[k].status != 200)
			return pc_okta_refused(&u->resps[k],
			    k == 0 ? "a user's factors"
				   : "a user's admin roles");
	}
	if ((r = pc_http_json(&j, &u->resps[0], "okta")) ||
	    (r = pc_mfa_okta_factors(&a.state, methods, sizeof(methods), j))) {
		pc_error_set(r, "okta: %s", pc_error_get());
		goto out;
	}
	cJSON_Delete(j);
	j = NULL;
	if ((r = pc_http_json(&j, &u->resps[1], "okta")) ||
	    (r = pc_json_expect_array(j, "the role list", "okta"))) {
		pc_error_set(r, "okta: %s", pc_error_get());
		goto out;
	}
	a.admin = cJSON_GetArraySize(j) > 0;
	a.methods = methods;
	r = pc_mfa_account(run->p, &a);
out:
	cJSON_Delete(j);
	return r;
}

/* Examines finished users from the front of the queue, in page order. */
static int
run_drain(struct okta_run *run)
{
	struct okta_user *u;
	int r;

	while ((u = run->head) != NULL && u->finished == 2) {
		r = user_examine(run, u);
		run->head = u->next;
		if (run->head == NULL)
			run->tail = NULL;
		run->queued--;
		user_free(u);
		if (r != 0)
			return r;
	}
	if (run->head == NULL && run->page_err != 0)
		return pc_error_set(run->page_err, "%s", run->page_msg);
	return 0;
}

/* Stream source: the next page first when the queue is short, else the
 * next user's next request. */
static int
run_next(void *arg, const struct pc_http_req **req, struct pc_http_resp **resp,
    void **tag)
{
	struct okta_run *run = arg;
	struct okta_user *u;

	if (run->next_url && !run->page_busy && run->page_err == 0 &&
	    run->queued <= OKTA_QUEUE) {
		free(run->page_url);
		run->page_url = run->next_url;
		run->next_url = NULL;
		pc_http_resp_free(&run->page_resp);
		memset(&run->page_req, 0, sizeof(run->page_req));
		run->page_req.url = run->page_url;
		run->page_busy = true;
		*req = &run->page_req;
		*resp = &run->page_resp;
		*tag = NULL;
		return 1;
	}
	if ((u = run->issue) == NULL)
		return 0;
	*req = &u->reqs[u->issued];
	*resp = &u->resps[u->issued];
	*tag = u;
	if (++u->issued == 2)
		run->issue = u->next;
	return 1;
}

/* Stream sink: a page is read at once; a user's answers wait for it to
 * reach the front of the queue. */
static int
run_done(void *arg, struct pc_http_resp *resp, void *tag)
{
	struct okta_run *run = arg;
	struct okta_user *u = tag;
	int r;

	if (u == NULL) {
		run->page_busy = false;
		if ((r = page_read(run, resp)) != 0) {
			/* Reported once the users before it are done. */
			run->page_err = r;
			snprintf(run->page_msg, sizeof(run->page_msg), "%s",
			    pc_error_get());
		}
		pc_http_resp_free(resp);
	} else {
		u->finished++;
	}
	return run_drain(run);
}

/* Examines every active Okta user. */
int
pc_mfa_okta(struct mfa_provider *p, const struct pc_config *config)
{
	struct pc_provider_env env = pc_mfa_env(p);
	struct okta_run run = { .p = p };
	struct pc_http_source src = {
		.next = run_next,
		.done = run_done,
		.arg = &run,
	};
	struct pc_okta_session *s = NULL;
	struct okta_user *u;
	struct pc_buf b;
	int r;

	pc_buf_init(&b, 4096);
	if ((r = pc_okta_open(&s, &env, pc_okta_cfg(config))) != 0)
		goto out;
	run.base = pc_okta_base(s);
	if (pc_buf_addf(&b,
		"%s/api/v1/users?filter=status%%20eq%%20%%22ACTIVE%%22&limit=200",
		run.base) ||
	    (run.next_url = strdup(b.data)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pc_pager_init(
		 &run.pager, "okta", b.data, PC_OKTA_MAX_PAGES)) != 0)
		goto out;
	r = pc_http_stream(pc_okta_http(s), &src);
out:
	if (pc_okta_http(s))
		p->requests += pc_http_requests(pc_okta_http(s));
	while ((u = run.head) != NULL) {
		run.head = u->next;
		user_free(u);
	}
	pc_http_resp_free(&run.page_resp);
	free(run.page_url);
	free(run.next_url);
	pc_pager_free(&run.pager);
	pc_okta_close(s);
	pc_buf_free(&b);
	return r;
}

const struct pc_mfa_source pc_mfa_okta_source = {
	.provider = &pc_provider_okta,
	.run = pc_mfa_okta,
	.probe = pc_mfa_probe_okta,
};

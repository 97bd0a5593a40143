/* Google sessions per impersonated user, against the emulator's demo
 * Workspace: one token per user and scope, cached until it expires; the
 * directory answers as the user the token was signed for. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "checks/providers/google.h"
#include "tests/unit/content/emu.h"

#define DIRECTORY \
	"https://www.googleapis.com/auth/admin.directory.user.readonly"
#define DEVICES \
	"https://www.googleapis.com/auth/admin.directory.device.mobile.readonly"
#define GMAIL "https://www.googleapis.com/auth/gmail.settings.basic"
#define UNGRANTED "https://www.googleapis.com/auth/gmail.modify"

static struct emu emu;
static char sa_path[256], token_url[256], directory_url[256];
static struct pc_google cfg;

/* Starts the emulator and copies its service-account key (0600). */
static void
start(void)
{
	char src[256];
	struct pc_buf b;
	FILE *f;

	cr_assert_eq(emu_start(&emu), 0, "the emulator did not start");
	snprintf(src, sizeof(src), "%s/certs/google-sa.json", emu.dir);
	snprintf(sa_path, sizeof(sa_path), "%s/sa.json", emu.dir);
	cr_assert_eq(pc_file_read(&b, src, 1 << 20), 0, "%s", pc_error_get());
	cr_assert_not_null(f = fopen(sa_path, "w"));
	fwrite(b.data, 1, b.len, f);
	fclose(f);
	chmod(sa_path, 0600);
	pc_buf_free(&b);
	snprintf(token_url, sizeof(token_url), "%s/ok~gsess/google/token",
	    emu.base);
	snprintf(directory_url, sizeof(directory_url),
	    "%s/ok~gsess/google/admin/", emu.base);
	cfg = (struct pc_google){ .present = true,
		.service_account_file = sa_path,
		.admin_subject = "sam.example@parliament.uk",
		.customer = "my_customer", .token_url = token_url,
		.directory_url = directory_url };
}

static void
stop(void)
{
	emu_stop(&emu);
}

TestSuite(google_session, .init = start, .fini = stop, .timeout = 120);

/* GETs the user list as u; returns the HTTP status. */
static long
list_users(struct pc_google_user *u)
{
	struct pc_http_resp resp = { 0 };
	char url[512];
	cJSON *j = NULL;
	long status;

	snprintf(url, sizeof(url), "%s/admin/directory/v1/users?customer="
	    "my_customer", pc_google_base(u));
	cr_assert_eq(pc_google_get(u, url, &resp, &j), 0, "%s",
	    pc_error_get());
	status = resp.status;
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	return status;
}

Test(google_session, one_token_per_user_and_scope_cached)
{
	struct pc_provider_env env = { .ca_file = emu.ca };
	struct pc_google_session *s = NULL;
	struct pc_google_user *admin, *again, *member, *devices;

	cr_assert_eq(pc_google_open(&s, &env, &cfg), 0, "%s", pc_error_get());
	cr_assert_eq(pc_google_as(&admin, s, cfg.admin_subject, DIRECTORY,
	    directory_url), 0, "%s", pc_error_get());
	cr_assert_eq(pc_http_requests(pc_google_http(s)), 1);
	/* The base URL loses its trailing slash. */
	cr_assert_eq(pc_google_base(admin)[strlen(pc_google_base(admin)) - 1],
	    'n');
	cr_assert_eq(list_users(admin), 200);
	/* Asked again: the cached session, no new token request. */
	cr_assert_eq(pc_google_as(&again, s, cfg.admin_subject, DIRECTORY,
	    directory_url), 0);
	cr_assert_eq(again, admin);
	cr_assert_eq(pc_http_requests(pc_google_http(s)), 2);
	/* Another scope is another token, for the same user. */
	cr_assert_eq(pc_google_as(&devices, s, cfg.admin_subject, DEVICES,
	    directory_url), 0, "%s", pc_error_get());
	cr_assert_neq(devices, admin);
	cr_assert_eq(pc_http_requests(pc_google_http(s)), 3);
	/* A member's token is signed for the member: the directory, which
	 * only admins may read, refuses it, while the admin's still works. */
	cr_assert_eq(pc_google_as(&member, s, "chris.member@parliament.uk",
	    DIRECTORY, directory_url), 0, "%s", pc_error_get());
	cr_assert_neq(member, admin);
	cr_assert_eq(list_users(member), 403);
	cr_assert_eq(list_users(admin), 200);
	pc_google_close(s);
}

Test(google_session, a_scope_not_delegated_says_what_to_grant)
{
	struct pc_provider_env env = { .ca_file = emu.ca };
	struct pc_google_session *s = NULL;
	struct pc_google_user *u = NULL;

	cr_assert_eq(pc_google_open(&s, &env, &cfg), 0, "%s", pc_error_get());
	cr_assert_eq(pc_google_as(&u, s, "chris.member@parliament.uk",
	    UNGRANTED, "https://127.0.0.1:1/gmail"), PC_EPERM);
	cr_assert_null(u);
	cr_assert(strstr(pc_error_get(), "google: the service account may "
	    "not act as chris.member@parliament.uk with the scope "
	    "gmail.modify (HTTP 401 from the Google token endpoint: "
	    "unauthorized_client") == pc_error_get(), "%s", pc_error_get());
	cr_assert(strstr(pc_error_get(), "Domain-wide delegation, add "
	    "https://www.googleapis.com/auth/gmail.modify to the service "
	    "account's client id") != NULL, "%s", pc_error_get());
	cr_assert_eq(pc_google_as(&u, s, cfg.admin_subject, UNGRANTED,
	    "https://127.0.0.1:1/gmail"), PC_EPERM);
	cr_assert(strstr(pc_error_get(), "with the scope gmail.modify") !=
	    NULL, "%s", pc_error_get());
	/* A user the Workspace does not have: invalid_grant. */
	cr_assert_eq(pc_google_as(&u, s, "nobody@parliament.uk", GMAIL,
	    "https://127.0.0.1:1/gmail"), PC_ENOTFOUND);
	cr_assert(strstr(pc_error_get(), "google: cannot act as "
	    "nobody@parliament.uk (") == pc_error_get() &&
	    strstr(pc_error_get(), "the user does not exist or is not an "
	    "active user of the Workspace") != NULL, "%s", pc_error_get());
	pc_google_close(s);
}

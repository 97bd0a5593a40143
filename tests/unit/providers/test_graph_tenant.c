/* Microsoft 365 tenant facts: the SharePoint hosts a sites/root answer
 * names (and their OneDrive twin), refused when not plain host names. */
#include <criterion/criterion.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/providers/graph_tenant.h"

/* Hosts from a sites/root body; returns the result code. */
static int
hosts_of(char out[2][256], const char *body)
{
	cJSON *j = cJSON_Parse(body);
	int r;

	cr_assert_not_null(j);
	r = pc_graph_sites_root_hosts(j, out);
	cJSON_Delete(j);
	return r;
}

Test(graph_tenant, sites_root_names_the_host_and_its_onedrive_twin)
{
	char out[2][256];

	cr_assert_eq(hosts_of(out,
			 "{\"id\":\"x\",\"siteCollection\":{\"hostname\":\"Contoso.SharePoint.com\"}}"),
	    0, "%s", pc_error_get());
	cr_assert_str_eq(out[0], "contoso.sharepoint.com");
	cr_assert_str_eq(out[1], "contoso-my.sharepoint.com");
	cr_assert_eq(hosts_of(out,
			 "{\"siteCollection\":{\"hostname\":\"gov.sharepoint.us\"}}"),
	    0);
	cr_assert_str_eq(out[1], "gov-my.sharepoint.us");
}

Test(graph_tenant, a_missing_or_strange_hostname_is_refused)
{
	char out[2][256];

	cr_assert_eq(hosts_of(out, "{\"id\":\"x\"}"), PC_EPARSE);
	cr_assert(
	    strstr(pc_error_get(), "siteCollection"), "%s", pc_error_get());
	cr_assert_eq(hosts_of(out,
			 "{\"siteCollection\":{\"hostname\":\"evil.example/x\"}}"),
	    PC_EPARSE);
	cr_assert_eq(hosts_of(out,
			 "{\"siteCollection\":{\"hostname\":\"a.b:8443\"}}"),
	    PC_EPARSE);
	cr_assert_eq(hosts_of(out, "{\"siteCollection\":{\"hostname\":\"\"}}"),
	    PC_EPARSE);
}

/* Microsoft 365 link sharing: a drive's delta rebuilt into a tree, and an
 * item's permissions read into the shared-file model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/err.h"
#include "drive365.h"

/* A copy of a JSON string member of obj (NULL when absent). */
static int
dup_opt(char **out, const cJSON *obj, const char *key)
{
	const char *s = NULL;
	int r;

	*out = NULL;
	if ((r = pc_json_opt_string(&s, obj, key, "graph")) != 0)
		return pc_error_set(r, "microsoft365: a drive item's %s: %s",
		    key, pc_error_get());
	if (s != NULL && (*out = strdup(s)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Frees one item's strings. */
static void
item_free(struct pc_d365_item *it)
{
	free(it->id);
	free(it->parent);
	free(it->name);
	free(it->since);
	free(it->created_by);
	memset(it, 0, sizeof(*it));
}

/* Reads the facets and parent of one delta entry into it. */
static int
item_read(struct pc_d365_item *it, const cJSON *j)
{
	const cJSON *parent = NULL, *shared = NULL, *by = NULL, *user = NULL;
	const cJSON *size;
	int r;

	if ((r = dup_opt(&it->id, j, "id")) != 0)
		return r;
	if (it->id == NULL || it->id[0] == '\0')
		return pc_error_set(
		    PC_EPARSE, "microsoft365: a drive item has no id");
	if ((r = dup_opt(&it->name, j, "name")) != 0 ||
	    (r = pc_json_opt_object(&parent, j, "parentReference", "graph")) !=
		0 ||
	    (parent && (r = dup_opt(&it->parent, parent, "id")) != 0) ||
	    (r = pc_json_opt_object(&shared, j, "shared", "graph")) != 0 ||
	    (shared &&
		(r = dup_opt(&it->since, shared, "sharedDateTime")) != 0) ||
	    (r = pc_json_opt_object(&by, j, "createdBy", "graph")) != 0 ||
	    (by && (r = pc_json_opt_object(&user, by, "user", "graph"))) ||
	    (user && (r = dup_opt(&it->created_by, user, "email")) != 0))
		return r != 0 && pc_error_code() == 0
		    ? pc_error_set(r, "microsoft365: a drive item is malformed")
		    : r;
	if (it->since != NULL && strlen(it->since) > 10)
		it->since[10] = '\0'; /* the date is enough */
	it->folder =
	    cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "folder"));
	it->root = cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "root"));
	it->deleted = cJSON_GetObjectItemCaseSensitive(j, "deleted") != NULL;
	it->shared = shared != NULL;
	size = cJSON_GetObjectItemCaseSensitive(j, "size");
	it->size = cJSON_IsNumber(size) ? (long long)size->valuedouble : -1;
	if (!it->deleted && !it->root &&
	    (it->name == NULL || it->parent == NULL))
		return pc_error_set(PC_EPARSE,
		    "microsoft365: a drive item has no name or parentReference.id");
	return 0;
}

/* Adds one delta entry. */
int
pc_d365_tree_add(struct pc_d365_tree *t, const cJSON *item)
{
	struct pc_d365_item it;
	int r;

	if (!cJSON_IsObject(item))
		return pc_error_set(
		    PC_EPARSE, "microsoft365: a delta entry is not an object");
	if (t->n >= PC_D365_MAX_ITEMS)
		return pc_error_set(PC_ELIMIT,
		    "microsoft365: a drive has more than %d items; the rest were not read",
		    PC_D365_MAX_ITEMS);
	memset(&it, 0, sizeof(it));
	if ((r = item_read(&it, item)) != 0) {
		item_free(&it);
		return r;
	}
	if (t->n == t->alloc) {
		size_t na = t->alloc ? t->alloc * 2 : 256;
		void *p = realloc(t->items, na * sizeof(*t->items));

		if (p == NULL) {
			item_free(&it);
			return pc_error_set(PC_ENOMEM, "out of memory");
		}
		t->items = p;
		t->alloc = na;
	}
	it.seq = t->n;
	t->items[t->n++] = it;
	t->sorted = false;
	return 0;
}

/* Orders by id, then by when seen. */
static int
cmp_item(const void *a, const void *b)
{
	const struct pc_d365_item *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Keeps each id's last entry, without deleted items. */
int
pc_d365_tree_finish(struct pc_d365_tree *t)
{
	size_t i, k = 0;

	if (t->n > 0)
		qsort(t->items, t->n, sizeof(*t->items), cmp_item);
	for (i = 0; i < t->n; i++) {
		bool last = i + 1 == t->n ||
		    strcmp(t->items[i].id, t->items[i + 1].id) != 0;

		if (!last || t->items[i].deleted) {
			if (last)
				t->deleted++;
			item_free(&t->items[i]);
			continue;
		}
		t->items[k++] = t->items[i];
	}
	t->n = k;
	t->sorted = true;
	return 0;
}

/* Compares a key with an item's id (bsearch). */
static int
cmp_key(const void *key, const void *b)
{
	return strcmp(key, ((const struct pc_d365_item *)b)->id);
}

/* The item with id, or NULL. */
const struct pc_d365_item *
pc_d365_tree_find(const struct pc_d365_tree *t, const char *id)
{
	if (id == NULL || !t->sorted || t->n == 0)
		return NULL;
	return bsearch(id, t->items, t->n, sizeof(*t->items), cmp_key);
}

/* The item's path from the drive root. */
int
pc_d365_tree_path(char *out, size_t n, const struct pc_d365_tree *t,
    const struct pc_d365_item *it)
{
	const struct pc_d365_item *chain[PC_D365_MAX_DEPTH];
	size_t depth = 0, used = 0, k;

	while (it != NULL && !it->root) {
		if (depth == PC_D365_MAX_DEPTH)
			return pc_error_set(PC_EPARSE,
			    "microsoft365: a drive item is more than %d folders deep, or its parents loop",
			    PC_D365_MAX_DEPTH);
		chain[depth++] = it;
		it = pc_d365_tree_find(t, it->parent);
	}
	if (it == NULL)
		return pc_error_set(PC_EPARSE,
		    "microsoft365: a drive item's parent folder was not in the delta");
	if (n == 0)
		return 0;
	out[0] = '\0';
	for (k = depth; k > 0; k--) {
		int w =
		    snprintf(out + used, n - used, "/%s", chain[k - 1]->name);

		if (w < 0 || (size_t)w >= n - used)
			return pc_error_set(PC_ELIMIT,
			    "microsoft365: a drive item's path is too long");
		used += (size_t)w;
	}
	return 0;
}

/* Is the item or a folder above it shared? */
bool
pc_d365_tree_shared(const struct pc_d365_tree *t, const struct pc_d365_item *it,
    const char **since_out)
{
	size_t depth = 0;

	*since_out = NULL;
	for (; it != NULL && depth < PC_D365_MAX_DEPTH; depth++) {
		if (it->shared) {
			*since_out = it->since;
			return true;
		}
		if (it->root)
			break;
		it = pc_d365_tree_find(t, it->parent);
	}
	return false;
}

/* Frees the tree's items. */
void
pc_d365_tree_free(struct pc_d365_tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		item_free(&t->items[i]);
	free(t->items);
	memset(t, 0, sizeof(*t));
}

/* --- permissions ------------------------------------------------------ */

/* Does the permission's roles array hold role? */
static bool
has_role(const cJSON *perm, const char *role)
{
	const cJSON *roles = cJSON_GetObjectItemCaseSensitive(perm, "roles");
	const cJSON *x;

	cJSON_ArrayForEach(x, roles) if (cJSON_IsString(x) &&
	    strcmp(x->valuestring, role) == 0) return true;
	return false;
}

/* The email of an identity set ({"user": {"email": ...}}), or NULL. */
static const char *
identity_email(const cJSON *set)
{
	const cJSON *user, *mail;

	if (!cJSON_IsObject(set))
		return NULL;
	user = cJSON_GetObjectItemCaseSensitive(set, "user");
	if (!cJSON_IsObject(user))
		user = cJSON_GetObjectItemCaseSensitive(set, "siteUser");
	mail = cJSON_GetObjectItemCaseSensitive(user, "email");
	if (!cJSON_IsString(mail))
		mail = cJSON_GetObjectItemCaseSensitive(user, "loginName");
	return cJSON_IsString(mail) ? mail->valuestring : NULL;
}

/* Adds the people one permission grants to. */
static void
add_grantees(struct pc_shared_file *f, const cJSON *perm, bool edit,
    const char *expiry, const char *const *domains, size_t ndomains)
{
	const cJSON *list, *x, *inv;
	const char *mail;

	if ((mail = identity_email(cJSON_GetObjectItemCaseSensitive(
		 perm, "grantedToV2"))) != NULL ||
	    (mail = identity_email(
		 cJSON_GetObjectItemCaseSensitive(perm, "grantedTo"))) != NULL)
		pc_share_add_grant(f, mail, edit, expiry, domains, ndomains);
	list = cJSON_GetObjectItemCaseSensitive(perm, "grantedToIdentitiesV2");
	cJSON_ArrayForEach(x, list) if ((mail = identity_email(x)) != NULL)
	    pc_share_add_grant(f, mail, edit, expiry, domains, ndomains);
	inv = cJSON_GetObjectItemCaseSensitive(perm, "invitation");
	x = cJSON_GetObjectItemCaseSensitive(inv, "email");
	if (cJSON_IsString(x))
		pc_share_add_grant(
		    f, x->valuestring, edit, expiry, domains, ndomains);
}

/* Reads one permission. */
static int
perm_add(struct pc_shared_file *f, const cJSON *perm,
    const char *const *domains, size_t ndomains)
{
	const cJSON *link, *scope, *type, *exp;
	const char *expiry = NULL;
	bool edit;

	if (!cJSON_IsObject(perm))
		return pc_error_set(
		    PC_EPARSE, "microsoft365: a permission is not an object");
	if (has_role(perm, "owner"))
		return 0;
	edit = has_role(perm, "write");
	exp = cJSON_GetObjectItemCaseSensitive(perm, "expirationDateTime");
	if (cJSON_IsString(exp) && exp->valuestring[0] != '\0')
		expiry = exp->valuestring;
	link = cJSON_GetObjectItemCaseSensitive(perm, "link");
	if (cJSON_IsObject(link)) {
		scope = cJSON_GetObjectItemCaseSensitive(link, "scope");
		type = cJSON_GetObjectItemCaseSensitive(link, "type");
		if (!cJSON_IsString(scope))
			return pc_error_set(PC_EPARSE,
			    "microsoft365: a sharing link has no scope");
		edit |= cJSON_IsString(type) &&
		    strcmp(type->valuestring, "edit") == 0;
		if (strcmp(scope->valuestring, "anonymous") == 0)
			pc_share_add_link(
			    f, PC_SHARE_SCOPE_ANYONE, edit, expiry);
		else if (strcmp(scope->valuestring, "organization") == 0)
			pc_share_add_link(f, PC_SHARE_SCOPE_ORG, edit, expiry);
		else if (strcmp(scope->valuestring, "users") != 0 &&
		    strcmp(scope->valuestring, "existingAccess") != 0)
			/* an unknown scope may let anyone in: fail closed */
			pc_share_add_link(
			    f, PC_SHARE_SCOPE_ANYONE, edit, expiry);
	}
	add_grantees(f, perm, edit, expiry, domains, ndomains);
	return 0;
}

/* Adds one item's permissions to f. */
int
pc_d365_perms_add(struct pc_shared_file *f, const cJSON *value,
    const char *const *domains, size_t ndomains)
{
	const cJSON *perm;
	int r;

	if (!cJSON_IsArray(value))
		return pc_error_set(PC_EPARSE,
		    "microsoft365: a permissions response has no value array");
	cJSON_ArrayForEach(perm, value) if ((r = perm_add(f, perm, domains,
						 ndomains)) != 0) return r;
	return 0;
}

/* Is url https on one of hosts? */
bool
pc_d365_host_allowed(const char *url, const char *const *hosts, size_t nhosts)
{
	const char *h, *end;
	size_t i, len;

	if (url == NULL || strncasecmp(url, "https://", 8) != 0)
		return false;
	h = url + 8;
	end = h + strcspn(h, "/?#");
	if (memchr(h, '@', (size_t)(end - h)) != NULL)
		return false; /* userinfo: refuse rather than parse */
	len = (size_t)(end - h);
	if (len > 4 && strncmp(end - 4, ":443", 4) == 0)
		len -= 4;
	for (i = 0; i < nhosts; i++)
		if (strlen(hosts[i]) == len &&
		    strncasecmp(h, hosts[i], len) == 0)
			return true;
	return false;
}

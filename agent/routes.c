/* policies/escalation.yaml -> struct pc_escalation, through schema tables. */
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/schema.h"
#include "agent/lib/yaml.h"
#include "agent/routes.h"

#define MAX_ROUTES 64

#define TEXT(k, m, req)                                                        \
	{                                                                      \
		.key = k, .type = PC_F_STRING,                                 \
		.off = offsetof(struct pc_route, m), .required = req,          \
		.nonempty = true, .present_off = PC_NO_OFFSET                  \
	}

static const struct pc_field route_fields[] = {
	{ .key = "order",
	    .type = PC_F_INT,
	    .required = true,
	    .off = offsetof(struct pc_route, order),
	    .present_off = PC_NO_OFFSET },
	TEXT("name", name, true),
	TEXT("when", when, false),
	TEXT("contact", contact, true),
	TEXT("say", say, true),
	TEXT("by", by, false),
};
static const struct pc_schema route_schema = { route_fields,
	sizeof(route_fields) / sizeof(route_fields[0]), sizeof(struct pc_route),
	offsetof(struct pc_route, line) };

static const struct pc_field file_fields[] = {
	{ .key = "routes",
	    .type = PC_F_KEYED,
	    .required = true,
	    .off = offsetof(struct pc_escalation, routes),
	    .count_off = offsetof(struct pc_escalation, n),
	    .sub = &route_schema,
	    .present_off = PC_NO_OFFSET },
};
static const struct pc_schema file_schema = { file_fields,
	sizeof(file_fields) / sizeof(file_fields[0]),
	sizeof(struct pc_escalation), PC_NO_OFFSET };

/* Frees the routes. */
void
pc_escalation_free(struct pc_escalation *esc)
{
	if (esc == NULL)
		return;
	pc_schema_free(&file_schema, esc);
	free(esc->path);
	free(esc);
}

/* The route with id, or NULL (also when esc is NULL: no routes). */
const struct pc_route *
pc_escalation_find(const struct pc_escalation *esc, const char *id)
{
	size_t i;

	for (i = 0; esc && id && i < esc->n; i++)
		if (strcmp(esc->routes[i].id, id) == 0)
			return &esc->routes[i];
	return NULL;
}

/* Checks what the field tables cannot: the route count, an order from 1
 * to 1000, and no two routes with one order ("most urgent first" would
 * be undefined). */
static int
validate(const struct pc_escalation *esc, const char *path)
{
	size_t i, j;

	if (esc->n == 0 || esc->n > MAX_ROUTES)
		return pc_error_set(PC_ECONFIG,
		    "%s: routes: expected 1 to %d routes", path, MAX_ROUTES);
	for (i = 0; i < esc->n; i++) {
		const struct pc_route *rt = &esc->routes[i];

		if (rt->order < 1 || rt->order > 1000)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: routes.%s.order: expected a whole number from 1 to 1000",
			    path, rt->line, rt->id);
		for (j = 0; j < i; j++)
			if (esc->routes[j].order == rt->order)
				return pc_error_set(PC_ECONFIG,
				    "%s:%d: routes.%s has order %ld, like routes.%s; give each route its own order (1 is the most urgent)",
				    path, rt->line, rt->id, rt->order,
				    esc->routes[j].id);
	}
	return 0;
}

/* Loads escalation.yaml. */
int
pc_escalation_load(struct pc_escalation **esc_out, const char *path)
{
	struct pc_yaml_node *root = NULL;
	struct pc_escalation *esc = NULL;
	int r;

	*esc_out = NULL;
	if ((r = pc_yaml_load(&root, path)) != 0)
		return r;
	if ((esc = calloc(1, sizeof(*esc))) == NULL ||
	    (esc->path = strdup(path)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pc_schema_bind(&file_schema, esc, root, path, "")) != 0 ||
	    (r = validate(esc, path)) != 0)
		goto out;
	*esc_out = esc;
	esc = NULL;
out:
	pc_escalation_free(esc);
	pc_yaml_free(root);
	return r;
}

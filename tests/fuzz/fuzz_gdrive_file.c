/* Fuzz target: a files.list page and a permissions.list page from Google
 * Drive, read into the sharing model and classified, must give a bounded
 * model or an error, never crash. */
#include <stdint.h>
#include <stdlib.h>

#include "agent/lib/json.h"
#include "checks/exposure/gdrive_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Classifies f and builds every text sharing.c makes of it. */
static void
judge(const struct pc_gdrive_file *f)
{
	enum pc_share_rule rules[PC_SHARE_NRULES];
	struct pc_share_content c;
	char out[1024];
	size_t i, n;

	pc_share_content_init(&c);
	n = pc_share_classify(rules, &f->share, &c);
	pc_share_subject(out, sizeof(out), &f->share);
	for (i = 0; i < n; i++) {
		pc_share_title(out, sizeof(out), &f->share, rules[i]);
		pc_share_evidence(out, sizeof(out), &f->share, &c, rules[i]);
	}
}

/* The bytes as a files.list page (each file) and as permissions.list. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "parliament.uk", "example.org" };
	const struct pc_gdrive_domains d = { names, 2 };
	struct pc_gdrive_file *f = malloc(sizeof(*f));
	const cJSON *files, *j;
	cJSON *root = NULL;

	if (f == NULL || pc_json_parse(&root, (const char *)data, size,
			     1 << 20, "fuzz") != 0)
		goto out;
	files = cJSON_GetObjectItemCaseSensitive(root, "files");
	cJSON_ArrayForEach(j, files) {
		if (pc_gdrive_file_parse(f, j, PC_SHARE_GDRIVE,
			"sam@parliament.uk", &d) == 0)
			judge(f);
	}
	pc_share_init(&f->share, PC_SHARE_GDRIVE_SHARED, "Casework", "x", "1");
	f->perms = 0;
	if (pc_gdrive_perms_add(f,
		cJSON_GetObjectItemCaseSensitive(root, "permissions"), &d) == 0)
		judge(f);
out:
	cJSON_Delete(root);
	free(f);
	return 0;
}

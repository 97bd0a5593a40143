/* A restart is pending when the running kernel is older than the newest
 * installed kernel image of the same flavour (apt installed a fixed
 * kernel, but the old one still runs). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "debversion.h"
#include "kernel.h"

/* A release split as VERSION[-ABI] (comparable key) and FLAVOUR. */
struct release {
	char key[PC_KERNEL_RELEASE_MAX];
	const char *flavour; /* points into the input; "" when none */
};

/* Whether s[0..n) is digits (and dots), as an ABI number is. */
static bool
is_abi(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !isdigit((unsigned char)s[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != '.')
			return false;
	return true;
}

/* Splits a kernel release; -1 when it does not start with a digit. */
static int
split_release(struct release *r, const char *s)
{
	const char *dash = strchr(s, '-'), *next;
	size_t keylen;

	if (!isdigit((unsigned char)s[0]) || strlen(s) >= sizeof(r->key))
		return -1;
	if (dash == NULL) {
		keylen = strlen(s);
		r->flavour = "";
	} else {
		next = strchr(dash + 1, '-');
		if (is_abi(dash + 1,
			next ? (size_t)(next - dash - 1) : strlen(dash + 1))) {
			keylen = next ? (size_t)(next - s) : strlen(s);
			r->flavour = next ? next + 1 : "";
		} else {
			keylen = (size_t)(dash - s);
			r->flavour = dash + 1;
		}
	}
	memcpy(r->key, s, keylen);
	r->key[keylen] = '\0';
	return 0;
}

/* Compares two kernel releases of the same flavour. */
int
pc_kernel_compare(const char *a, const char *b, int *cmp_out)
{
	struct release ra, rb;

	if (split_release(&ra, a) != 0 || split_release(&rb, b) != 0)
		return pc_error_set(PC_EPARSE,
		    "not a kernel release: \"%.40s\" or \"%.40s\".", a, b);
	if (strcmp(ra.flavour, rb.flavour) != 0)
		return PC_EINVALID;
	/* "6.1.0-25" compares as Debian upstream 6.1.0, revision 25. */
	if (pc_debversion_compare(ra.key, rb.key, cmp_out) != 0)
		return pc_error_set(PC_EPARSE,
		    "not a kernel release: \"%.40s\" or \"%.40s\".", a, b);
	return 0;
}

/* The newest installed kernel of running's flavour newer than it. */
const char *
pc_kernel_newer_installed(const struct pc_dpkg_db *db, const char *running)
{
	static const char prefix[] = "linux-image-";
	const char *best = running, *rel;
	size_t i;
	int cmp;

	for (i = 0; i < db->npkgs; i++) {
		if (strncmp(db->pkgs[i].name, prefix, sizeof(prefix) - 1) != 0)
			continue;
		rel = db->pkgs[i].name + sizeof(prefix) - 1;
		if (pc_kernel_compare(rel, best, &cmp) == 0 && cmp > 0)
			best = rel;
	}
	pc_error_clear();
	return best == running ? NULL : best;
}

/* The running kernel's release. */
int
pc_kernel_running(char *out, size_t n, const char *root)
{
	struct utsname u;
	struct pc_buf path, text;
	size_t len;
	int ret;

	if (strcmp(root, "/") == 0) {
		if (uname(&u) != 0)
			return pc_error_set(PC_EIO,
			    "cannot read the running kernel's release (uname).");
		snprintf(out, n, "%s", u.release);
		return 0;
	}
	pc_buf_init(&path, 8192);
	if ((ret = pc_buf_addf(&path, "%s/proc/sys/kernel/osrelease", root)) !=
	    0)
		return ret;
	ret = pc_file_read(&text, path.data, PC_KERNEL_RELEASE_MAX);
	pc_buf_free(&path);
	if (ret != 0)
		return ret;
	len = text.len;
	while (len > 0 &&
	    (text.data[len - 1] == '\n' || text.data[len - 1] == ' '))
		len--;
	snprintf(out, n, "%.*s", (int)len, text.data ? text.data : "");
	pc_buf_free(&text);
	return 0;
}

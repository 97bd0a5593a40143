/* Exposure finding identity: value key, relative locator, content key. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "identity.h"

/* The path below root, or p. */
const char *
pc_exposure_relpath(const char *p, const char *root)
{
	size_t n;
	const char *slash;

	if (p == NULL || root == NULL)
		return p;
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (strncmp(p, root, n) == 0 && p[n] == '/' && p[n + 1] != '\0')
		return p + n + 1;
	if (strcmp(p, root) == 0 && (slash = strrchr(p, '/')) != NULL &&
	    slash[1] != '\0')
		return slash + 1;
	return p;
}

/* Hex SHA-256 of the regular file at path into out; "" on any failure
 * (the finding then has no content key and a move is not recognised). */
static void
hash_file(char out[65], const char *path)
{
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *ctx = NULL;
	struct stat st;
	ssize_t n = 0;
	int fd, i, ok;

	out[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (ctx = EVP_MD_CTX_new()) == NULL)
		goto out;
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	while (ok && (n = read(fd, buf, sizeof(buf))) > 0)
		ok = EVP_DigestUpdate(ctx, buf, (size_t)n);
	if (!ok || n < 0 || !EVP_DigestFinal_ex(ctx, md, NULL))
		goto out;
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
out:
	EVP_MD_CTX_free(ctx);
	close(fd);
}

/* The place inside the file: part, message, line, format locator. */
static void
place_of(char *out, size_t n, const struct pc_match *m)
{
	snprintf(out, n, "%s|%s|%llu|%s", m->member ? m->member : "",
	    m->message_id ? m->message_id : "", (unsigned long long)m->line,
	    m->locator);
}

/* Fills the identity of m. */
void
pc_exposure_identity(struct pc_exposure_identity *id, const struct pc_match *m,
    const char *root, struct pc_exposure_file_hash *cache)
{
	char place[1200];
	const char *path = m->path ? m->path : "";

	id->key = m->hmac;
	place_of(place, sizeof(place), m);
	snprintf(id->locator, sizeof(id->locator), "%s|%s",
	    root ? pc_exposure_relpath(path, root) : path, place);
	id->content_key[0] = '\0';
	if (root == NULL || path[0] != '/')
		return;
	if (strcmp(cache->path, path) != 0) {
		snprintf(cache->path, sizeof(cache->path), "%s", path);
		hash_file(cache->sha256, path);
	}
	if (cache->sha256[0] != '\0')
		snprintf(id->content_key, sizeof(id->content_key), "%s|%s",
		    cache->sha256, place);
}

/* The connection broker (see broker.h): both ends of a request. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "broker.h"
#include "runner_proto.h"

#define REPLY_MAX 1024

/* Is host a plain DNS name, IPv4 literal or bracketed IPv6 literal? */
static bool
host_well_formed(const char *host)
{
	size_t i, n = strlen(host);

	if (n == 0 || n > 255)
		return false;
	if (host[0] == '[')
		return n > 2 && host[n - 1] == ']' &&
		    strspn(host + 1, "0123456789abcdefABCDEF:.") == n - 2;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)host[i]) && host[i] != '.' &&
		    host[i] != '-')
			return false;
	return true;
}

/* Is host:port one of the allowed endpoints? */
static bool
allowed(const struct pc_endpoint *allow, size_t n, const char *host, long port)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (allow[i].port == port &&
		    strcasecmp(allow[i].host, host) == 0)
			return true;
	return false;
}

/* Connects fd to one address within timeout_ms; 0 or an errno. */
static int
connect_within(int fd, const struct addrinfo *ai, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	socklen_t len = sizeof(int);
	int err = 0, r;

	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return errno;
	do
		r = poll(&p, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return ETIMEDOUT;
	if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		return errno;
	return err;
}

/* Resolves and connects an allowed host:port (see broker.h). */
int
pc_broker_connect(int *fd_out, bool *refused_out,
    const struct pc_endpoint *allow, size_t n, const char *host, long port,
    int timeout_ms)
{
	struct addrinfo hints = { 0 }, *res = NULL, *ai;
	char name[256], service[8];
	size_t len;
	int fd = -1, err = ECONNREFUSED, gai;

	*fd_out = -1;
	*refused_out = true;
	if (!host_well_formed(host) || port < 1 || port > 65535)
		return pc_error_set(PC_EPERM,
		    "the check asked for a connection to a malformed address; refused");
	if (!allowed(allow, n, host, port))
		return pc_error_set(PC_EPERM,
		    "the check asked for a connection to %s:%ld, which its configuration does not name; refused",
		    host, port);
	*refused_out = false;
	len = strlen(host);
	/* "[::1]" is given to the resolver as "::1". */
	snprintf(name, sizeof(name), "%.*s",
	    (int)(host[0] == '[' ? len - 2 : len),
	    host[0] == '[' ? host + 1 : host);
	snprintf(service, sizeof(service), "%ld", port);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
	if ((gai = getaddrinfo(name, service, &hints, &res)) != 0)
		return pc_error_set(PC_ENET,
		    "cannot resolve the host name %s: %s", host,
		    gai_strerror(gai));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family,
		    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
		if (fd < 0) {
			err = errno;
			continue;
		}
		if ((err = connect_within(fd, ai, timeout_ms)) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return pc_error_set(PC_ENET,
		    "cannot connect to %s port %ld: %s", host, port,
		    strerror(err));
	*fd_out = fd;
	return 0;
}

/* Answers a connect request with the socket or the reason. */
int
pc_broker_answer(int chan, int fd, const char *reason, bool refused)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	cJSON_AddStringToObject(o, "t", "connect");
	cJSON_AddBoolToObject(o, "ok", fd >= 0);
	if (fd < 0) {
		cJSON_AddStringToObject(
		    o, "reason", reason ? reason : "refused");
		cJSON_AddBoolToObject(o, "refused", refused);
	}
	return pc_proto_reply(chan, o, fd);
}

/* Reads the parent's one-line reply and the descriptor passed with it. */
static int
read_reply(int chan, char *line, size_t cap, int *fd_out)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct msghdr mh;
	struct cmsghdr *cm;
	struct iovec iov;
	size_t used = 0;
	ssize_t n;

	*fd_out = -1;
	while (used == 0 || line[used - 1] != '\n') {
		if (used + 1 >= cap)
			return pc_error_set(
			    PC_EPARSE, "the parent's reply is too long");
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = line + used;
		iov.iov_len = cap - 1 - used;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		n = recvmsg(chan, &mh, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return pc_error_set(PC_EIO,
			    "the parent did not answer a connection request");
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET &&
			    cm->cmsg_type == SCM_RIGHTS && *fd_out < 0)
				memcpy(fd_out, CMSG_DATA(cm), sizeof(int));
		used += (size_t)n;
	}
	line[used - 1] = '\0';
	return 0;
}

/* Asks the parent for a connection (the child's side). */
int
pc_broker_request(int *fd_out, int chan, const char *host, unsigned port)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	char line[REPLY_MAX], req[400];
	const cJSON *reason;
	cJSON *o = NULL;
	int fd = -1, r, n;

	*fd_out = -1;
	n = snprintf(req, sizeof(req),
	    "{\"t\":\"connect\",\"host\":\"%s\",\"port\":%u}\n", host, port);
	if (n < 0 || (size_t)n >= sizeof(req) || !host_well_formed(host))
		return pc_error_set(PC_EPERM,
		    "cannot ask for a connection to a malformed host name");
	/* One request at a time: the reply is the next line on the channel. */
	pthread_mutex_lock(&lock);
	r = write(chan, req, (size_t)n) == n
	    ? 0
	    : pc_error_set(PC_EIO, "cannot ask the parent for a connection: %s",
		  strerror(errno));
	if (r == 0)
		r = read_reply(chan, line, sizeof(line), &fd);
	pthread_mutex_unlock(&lock);
	if (r != 0)
		goto out;
	if ((o = cJSON_Parse(line)) == NULL) {
		r = pc_error_set(PC_EPARSE, "the parent's reply is not JSON");
		goto out;
	}
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "ok")) ||
	    fd < 0) {
		reason = cJSON_GetObjectItemCaseSensitive(o, "reason");
		r = pc_error_set(
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "refused"))
			? PC_EPERM
			: PC_ENET,
		    "%s",
		    cJSON_IsString(reason)
			? reason->valuestring
			: "the parent refused the connection");
		goto out;
	}
	*fd_out = fd;
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	cJSON_Delete(o);
	return r;
}

/* The broker's connect hook: one request on the channel at arg. */
static int
use_connect(void *arg, const char *host, unsigned port, int *fd_out)
{
	return pc_broker_request(fd_out, *(const int *)arg, host, port);
}

/* Routes the client's connections through the broker on chan. */
void
pc_broker_use(const struct pc_needs *n, int chan)
{
	static const char *hosts[PC_NEEDS_MAX];
	static unsigned short ports[PC_NEEDS_MAX];
	static struct pc_http_broker b;
	static int fd;
	size_t i;

	for (i = 0; i < n->nendpoints && i < PC_NEEDS_MAX; i++) {
		hosts[i] = n->endpoints[i].host;
		ports[i] = n->endpoints[i].port;
	}
	fd = chan;
	b.connect = use_connect;
	b.arg = &fd;
	b.hosts = hosts;
	b.ports = ports;
	b.n = i;
	pc_http_set_broker(&b);
}

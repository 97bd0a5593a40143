/* The connection broker's hooks: under a broker (agent/broker.c) the
 * client resolves nothing and connects nowhere itself; every brokered
 * host is pinned to a placeholder address and libcurl's socket comes
 * connected from the broker. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>

#include <curl/curl.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "agent/lib/http_private.h"

static const struct pc_http_broker *broker;

/*
 * Placeholder addresses for pinned hosts: 192.0.2.0/24 is TEST-NET-1 (RFC
 * 5737), never routed; host i is pinned to 192.0.2.(i + 1). libcurl hands
 * the address back to broker_open(), which maps it to the host's name.
 */
#define PIN_NET 0xc0000200u

/* Routes connections through b. */
void
pc_http_set_broker(const struct pc_http_broker *b)
{
	broker = b;
}

/* The CURLOPT_RESOLVE entries pinning every brokered host; NULL if none. */
int
pc_http_broker_pins(struct curl_slist **pins_out)
{
	struct curl_slist *list = NULL, *next;
	char entry[300];
	size_t i;

	*pins_out = NULL;
	for (i = 0; broker && i < broker->n && i < PC_HTTP_BROKER_MAX; i++) {
		/* An IPv6 literal is never resolved; it needs no pin. */
		if (broker->hosts[i][0] == '[')
			continue;
		snprintf(entry, sizeof(entry), "%s:%u:192.0.2.%zu",
		    broker->hosts[i], (unsigned)broker->ports[i], i + 1);
		if ((next = curl_slist_append(list, entry)) == NULL) {
			curl_slist_free_all(list);
			return pc_error_set(PC_ENOMEM, "out of memory");
		}
		list = next;
	}
	*pins_out = list;
	return 0;
}

/* CURLOPT_OPENSOCKETFUNCTION: a connected socket from the broker. */
static curl_socket_t
broker_open(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct job *j = arg;
	char addr[INET6_ADDRSTRLEN], host[INET6_ADDRSTRLEN + 2];
	const char *name = host;
	unsigned port = 0;
	uint32_t ip;
	int fd = -1;

	if (purpose != CURLSOCKTYPE_IPCXN || broker == NULL)
		return CURL_SOCKET_BAD;
	host[0] = '\0';
	if (a->family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)&a->addr;

		port = ntohs(sin->sin_port);
		ip = ntohl(sin->sin_addr.s_addr);
		if ((ip & 0xffffff00u) == PIN_NET && (ip & 0xff) >= 1 &&
		    (ip & 0xff) <= broker->n)
			name = broker->hosts[(ip & 0xff) - 1];
		else if (inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof(addr)))
			snprintf(host, sizeof(host), "%s", addr);
	} else if (a->family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)&a->addr;

		port = ntohs(sin6->sin6_port);
		if (inet_ntop(AF_INET6, &sin6->sin6_addr, addr, sizeof(addr)))
			snprintf(host, sizeof(host), "[%s]", addr);
	}
	if (name[0] == '\0' ||
	    broker->connect(broker->arg, name, port, &fd) != 0) {
		j->broker_refused = pc_error_code() == PC_EPERM;
		snprintf(j->broker_err, sizeof(j->broker_err), "%s",
		    name[0] ? pc_error_get()
			    : "an address the broker cannot name");
		return CURL_SOCKET_BAD;
	}
	return fd;
}

/* CURLOPT_SOCKOPTFUNCTION: the broker's sockets arrive connected. */
static int
broker_sockopt(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	(void)arg;
	(void)fd;
	(void)purpose;
	return CURL_SOCKOPT_ALREADY_CONNECTED;
}

/* Routes j's connections through the broker, when one is set. */
void
pc_http_broker_attach(struct pc_http *h, struct job *j)
{
	if (broker == NULL)
		return;
	curl_easy_setopt(j->easy, CURLOPT_RESOLVE, h->pins);
	curl_easy_setopt(j->easy, CURLOPT_OPENSOCKETFUNCTION, broker_open);
	curl_easy_setopt(j->easy, CURLOPT_OPENSOCKETDATA, j);
	curl_easy_setopt(j->easy, CURLOPT_SOCKOPTFUNCTION, broker_sockopt);
}

/* scan's submission: queue in the outbox, send from a sandboxed child. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "agent/broker.h"
#include "agent/check.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/outbox.h"
#include <cjson/cJSON.h>

#include "agent/lib/http.h"
#include "agent/sandbox.h"
#include "agent/cli/scan_submit.h"
#include "agent/history.h"

#define LINE_MAX_BYTES    64 /* a report folder name and a newline */
#define CHILD_CPU_SECONDS 300

/* Child's pc_outbox_sent_fn: tells the parent the name on the pipe. */
static int
tell_parent(void *arg, const char *office_dir, const char *name)
{
	int fd = *(int *)arg;
	char line[LINE_MAX_BYTES];
	int n = snprintf(line, sizeof(line), "%s\n", name);

	if (n < 0 || (size_t)n >= sizeof(line) ||
	    pc_write_all(fd, line, (size_t)n) != 0)
		return pc_error_set(PC_EIO, "cannot tell the parent");
	return 0;
}

/* In the child: sandbox, send, exit 0 all sent, 1 refused, 2 not sent. */
static void
child_send(const struct pc_config *cfg, const char *office_dir, int fd,
    const int *chan)
{
	const char *paths[32];
	struct pc_sandbox_spec spec = { 0 };
	struct pc_sandbox_applied applied;
	struct pc_needs needs;
	struct pc_outbox_flush f;
	char box[PATH_MAX];
	size_t np = 0, i;
	int r;

	memset(&needs, 0, sizeof(needs));
	snprintf(box, sizeof(box), "%s/outbox", office_dir);
	paths[np++] = box;
	if (cfg->report.submit_ca_file)
		paths[np++] = cfg->report.submit_ca_file;
	else if (cfg->tls.ca_file)
		paths[np++] = cfg->tls.ca_file;
	for (i = 0; pc_sandbox_network_paths[i] && np < 31; i++)
		paths[np++] = pc_sandbox_network_paths[i];
	if (pc_needs_add_url(&needs, cfg->report.submit_url) != 0)
		goto fail;
	spec.ro_paths = paths;
	spec.nro_paths = np;
	spec.tcp_ports = needs.tcp_ports;
	spec.ntcp_ports = needs.ntcp_ports;
	spec.network = true;
	spec.cpu_seconds = CHILD_CPU_SECONDS;
	spec.open_files = 64;
	spec.keep_fsize = true;
	if (pc_sandbox_apply(&spec, &applied) != 0)
		goto fail;
	pc_broker_use(&needs, *chan);
	r = pc_outbox_send(&f, office_dir, cfg->report.submit_url,
	    cfg->report.submit_ca_file ? cfg->report.submit_ca_file
				       : cfg->tls.ca_file,
	    1, tell_parent, &fd);
	_exit(r == 0 ? 0 : r == PC_EINVALID && f.left == 0 ? 1 : 2);
fail:
	fprintf(stderr, "portcullis: scan: submit: %s\n", pc_error_get());
	_exit(2);
}

/*
 * In the parent: answers the child's connection requests on chan (only
 * the submit URL's host and port are allowed), one line each, until the
 * child closes it or sends something else.
 */
static void
serve_broker(const struct pc_config *cfg, int chan)
{
	struct pc_needs needs;
	char line[600];
	size_t used = 0;
	cJSON *o;
	const cJSON *host, *port;
	bool refused;
	int fd;
	ssize_t n;

	memset(&needs, 0, sizeof(needs));
	if (pc_needs_add_url(&needs, cfg->report.submit_url) != 0)
		return;
	for (;;) {
		n = read(chan, line + used, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (line[used] != '\n') {
			if (++used >= sizeof(line) - 1)
				break; /* too long: not a request */
			continue;
		}
		line[used] = '\0';
		used = 0;
		if ((o = cJSON_Parse(line)) == NULL)
			break;
		host = cJSON_GetObjectItemCaseSensitive(o, "host");
		port = cJSON_GetObjectItemCaseSensitive(o, "port");
		fd = -1;
		refused = true;
		if (!cJSON_IsString(host) || !cJSON_IsNumber(port) ||
		    pc_broker_connect(&fd, &refused, needs.endpoints,
			needs.nendpoints, host->valuestring,
			(long)port->valuedouble,
			PC_BROKER_CONNECT_TIMEOUT_MS) != 0)
			fd = -1;
		cJSON_Delete(o);
		if (pc_broker_answer(chan, fd, fd < 0 ? pc_error_get() : NULL,
			refused) != 0) {
			if (fd >= 0)
				close(fd);
			break;
		}
		if (fd >= 0)
			close(fd);
	}
	pc_needs_free(&needs);
}

/* The broker thread's arguments: the parent reads sent report names on
 * its own thread while this one answers connection requests. */
struct parent_io {
	const struct pc_config *cfg;
	int chan;
};

/* Thread body: the broker for the submit child. */
static void *
broker_thread(void *arg)
{
	struct parent_io *io = arg;

	serve_broker(io->cfg, io->chan);
	return NULL;
}

/* In the parent: removes each stored report the child names. */
static void
read_sent(const char *office_dir, int fd)
{
	char buf[4096], line[LINE_MAX_BYTES];
	size_t used = 0, k;
	ssize_t n;

	while (
	    (n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
		for (k = 0; n > 0 && k < (size_t)n; k++) {
			if (buf[k] != '\n') {
				if (used + 1 < sizeof(line))
					line[used++] = buf[k];
				else
					used = sizeof(line); /* too long */
				continue;
			}
			if (used < sizeof(line)) {
				line[used] = '\0';
				if (pc_history_name_ok(line))
					pc_outbox_remove(
					    NULL, office_dir, line);
			}
			used = 0;
		}
	}
}

/* True if the report is still waiting in the outbox. */
static bool
still_queued(const char *office_dir, const char *name)
{
	char path[PATH_MAX + 64];
	struct stat st;

	snprintf(path, sizeof(path), "%s/outbox/%s", office_dir, name);
	return stat(path, &st) == 0;
}

/* Queues the new report and sends the outbox from a sandboxed child. */
void
pc_scan_submit(const struct pc_config *cfg, const char *report_dir, bool quiet)
{
	char office_dir[PATH_MAX], copy[PATH_MAX], name[PATH_MAX];
	int fds[2] = { -1, -1 }, chan[2] = { -1, -1 }, st = 0;
	struct parent_io io = { cfg, -1 };
	pthread_t broker;
	bool broker_on = false;
	pid_t pid;

	if (cfg->report.submit_url == NULL)
		return;
	snprintf(copy, sizeof(copy), "%s", report_dir);
	snprintf(office_dir, sizeof(office_dir), "%s", dirname(copy));
	snprintf(copy, sizeof(copy), "%s", report_dir);
	snprintf(name, sizeof(name), "%s", basename(copy));
	if (pc_outbox_add(office_dir, report_dir) != 0) {
		fprintf(stderr,
		    "portcullis: scan: the report was not submitted and could not be queued: %s\n",
		    pc_error_get());
		return;
	}
	fflush(NULL);
	if (pipe2(fds, O_CLOEXEC) != 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, chan) != 0 ||
	    (pid = fork()) < 0) {
		st = -1;
	} else if (pid == 0) {
		close(fds[0]);
		close(chan[0]);
		child_send(cfg, office_dir, fds[1], &chan[1]);
	} else {
		close(fds[1]);
		fds[1] = -1;
		close(chan[1]);
		chan[1] = -1;
		io.chan = chan[0];
		broker_on =
		    pthread_create(&broker, NULL, broker_thread, &io) == 0;
		read_sent(office_dir, fds[0]);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		if (broker_on) /* the child's end is closed: the read ends */
			pthread_join(broker, NULL);
	}
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	if (chan[0] >= 0)
		close(chan[0]);
	if (chan[1] >= 0)
		close(chan[1]);
	if (still_queued(office_dir, name))
		fprintf(stderr,
		    "portcullis: scan: the report could not be submitted to %s; it is queued in %s/outbox/ and goes with the next scan or portcullis submit --queued (which says why)\n",
		    cfg->report.submit_url, office_dir);
	else if (!quiet)
		fprintf(stderr, "portcullis: scan: report submitted to %s\n",
		    cfg->report.submit_url);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The do_sync_core() counters of drm-dbg bench.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel.h"
#include "kprobe.h"

#define SYNC_FUNCTION "do_sync_core"
#define MAX_CPUS 4096

static int *fds;
static int nfds;

/* The kprobe PMU's type, or -1. */
static int kprobe_pmu_type(void)
{
	char p[512];
	FILE *f = sysio.open_read(sys_path(p, sizeof(p), "bus/event_source/devices/kprobe/type"));
	int type = -1;

	if (f) {
		if (fscanf(f, "%d", &type) != 1)
			type = -1;
		fclose(f);
	}
	return type;
}

/* debug.kprobes-enabled=0 leaves probes that never fire: no count then. */
static bool kprobes_enabled(void)
{
	char p[512];
	FILE *f = sysio.open_read(proc_path(p, sizeof(p), "sys/debug/kprobes-enabled"));
	int on = 1;

	if (f) {
		if (fscanf(f, "%d", &on) != 1)
			on = 1;
		fclose(f);
	}
	return on != 0;
}

bool sync_probe_start(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_CONF);
	int type = kprobe_pmu_type();
	long cpu;

	sync_probe_stop();
	if (type < 0 || !kprobes_enabled())
		return false;
	if (cpus < 1 || cpus > MAX_CPUS)
		cpus = MAX_CPUS;
	fds = calloc((size_t)cpus, sizeof(*fds));
	if (!fds)
		return false;
	for (cpu = 0; cpu < cpus; cpu++) {
		int fd = sysio.perf_kprobe_open(type, SYNC_FUNCTION, (int)cpu);

		if (fd < 0 && (errno == ENODEV || errno == ENXIO))
			continue;	/* an offline or absent CPU */
		if (fd < 0) {
			sync_probe_stop();
			return false;
		}
		fds[nfds++] = fd;
	}
	if (!nfds || sync_probe_hits() < 0) {
		sync_probe_stop();
		return false;
	}
	return true;
}

void sync_probe_stop(void)
{
	int i;

	for (i = 0; i < nfds; i++)
		close(fds[i]);
	free(fds);
	fds = NULL;
	nfds = 0;
}

long long sync_probe_hits(void)
{
	long long sum = 0;
	int i;

	if (!nfds)
		return -1;
	for (i = 0; i < nfds; i++) {
		unsigned long long v;

		if (sysio.perf_read(fds[i], &v))
			return -1;
		sum += (long long)v;
	}
	return sum;
}

int sync_probe_cpus(void)
{
	return nfds;
}

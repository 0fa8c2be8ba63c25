// SPDX-License-Identifier: GPL-2.0
/*
 * The do_sync_core() kprobe of drm-dbg bench.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "kprobe.h"

#define PROBE_GROUP "drm_dbg"
#define PROBE_NAME "drm_dbg_sync"

static char tracing[300];
static char optimize_before[16];

static int put(const char *path, const char *s, bool append)
{
	return sysio.write(path, s, strlen(s), append);
}

bool sync_probe_start(void)
{
	static const char *dirs[] = { "kernel/tracing", "kernel/debug/tracing" };
	char p[512], d[300];
	FILE *f;
	size_t i;

	tracing[0] = optimize_before[0] = '\0';
	for (i = 0; i < 2; i++) {
		snprintf(d, sizeof(d), "%s/%s", sysfs_root, dirs[i]);
		snprintf(p, sizeof(p), "%s/kprobe_events", d);
		if (!sysio.writable(p))
			break;
	}
	if (i == 2)
		return false;
	snprintf(tracing, sizeof(tracing), "%s", d);
	/* an optimized kprobe is patched in later, with syncs of its own */
	f = sysio.open_read(proc_path(p, sizeof(p), "sys/debug/kprobes-optimization"));
	if (f) {
		if (!fgets(optimize_before, sizeof(optimize_before), f))
			optimize_before[0] = '\0';
		fclose(f);
		put(p, "0\n", false);
	}
	snprintf(p, sizeof(p), "%s/kprobe_events", tracing);
	if (put(p, "p:" PROBE_GROUP "/" PROBE_NAME " do_sync_core\n", true)) {
		/* left behind by a drm-dbg that was killed: replace it */
		put(p, "-:" PROBE_GROUP "/" PROBE_NAME "\n", true);
		if (put(p, "p:" PROBE_GROUP "/" PROBE_NAME " do_sync_core\n", true)) {
			sync_probe_stop();
			return false;
		}
	}
	snprintf(p, sizeof(p), "%s/events/" PROBE_GROUP "/" PROBE_NAME "/enable", tracing);
	if (put(p, "1\n", false) || sync_probe_hits() < 0) {
		sync_probe_stop();
		return false;
	}
	return true;
}

void sync_probe_stop(void)
{
	char p[512];

	if (!tracing[0])
		return;
	snprintf(p, sizeof(p), "%s/events/" PROBE_GROUP "/" PROBE_NAME "/enable", tracing);
	put(p, "0\n", false);
	snprintf(p, sizeof(p), "%s/kprobe_events", tracing);
	put(p, "-:" PROBE_GROUP "/" PROBE_NAME "\n", true);
	if (optimize_before[0])
		put(proc_path(p, sizeof(p), "sys/debug/kprobes-optimization"), optimize_before, false);
	tracing[0] = optimize_before[0] = '\0';
}

long long sync_probe_hits(void)
{
	char p[512], *line = NULL, name[128];
	unsigned long long hits;
	size_t cap = 0;
	long long n = -1;
	FILE *f;

	if (!tracing[0])
		return -1;
	snprintf(p, sizeof(p), "%s/kprobe_profile", tracing);
	f = sysio.open_read(p);
	if (!f)
		return -1;
	while (read_line(f, &line, &cap))
		if (sscanf(line, "%127s %llu", name, &hits) == 2 && !strcmp(name, PROBE_NAME))
			n = (long long)hits;
	free(line);
	fclose(f);
	return n;
}

/* SPDX-License-Identifier: MIT */
/*
 * Copyright © 2026 The drm-dbg authors
 *
 * Binding to libigt.so.0 1.27.1 (see igt_core.h): part of IGT's
 * lib/igt_perf.h, whose perf_event_open() is an inline system call wrapper
 * that fills in attr->size.
 */

#ifndef I915_PERF_H
#define I915_PERF_H

#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <linux/perf_event.h>

static inline int
perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
		unsigned long flags)
{
	attr->size = sizeof(*attr);
	return syscall(__NR_perf_event_open, attr, pid, cpu, group_fd, flags);
}

uint64_t igt_perf_type_id(const char *device);
int igt_perf_open(uint64_t type, uint64_t config);
int igt_perf_open_group(uint64_t type, uint64_t config, int group);

#endif /* I915_PERF_H */

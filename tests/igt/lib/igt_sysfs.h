/* SPDX-License-Identifier: MIT */
/*
 * Copyright © 2016 Intel Corporation (the declarations and macro bodies
 * reproduced from IGT's lib/igt_sysfs.h)
 * Copyright © 2026 The drm-dbg authors
 *
 * Permission is hereby granted, free of charge, to any person obtaining a
 * copy of this software and associated documentation files (the "Software"),
 * to deal in the Software without restriction, including without limitation
 * the rights to use, copy, modify, merge, publish, distribute, sublicense,
 * and/or sell copies of the Software, and to permit persons to whom the
 * Software is furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice (including the next
 * paragraph) shall be included in all copies or substantial portions of the
 * Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.  IN NO EVENT SHALL
 * THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
 * FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
 * IN THE SOFTWARE.
 *
 * Binding to libigt.so.0 1.27.1 (see igt_core.h): part of IGT's
 * lib/igt_sysfs.h. The drm.debug helpers and enum drm_debug_category are
 * master's and not in 1.27.1; compat-1.27.c supplies them.
 */

#ifndef __IGT_SYSFS_H__
#define __IGT_SYSFS_H__

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

char *igt_sysfs_path(int device, char *path, int pathlen);
int igt_sysfs_open(int device);
bool igt_sysfs_has_attr(int dir, const char *attr);

int igt_sysfs_read(int dir, const char *attr, void *data, int len);
int igt_sysfs_write(int dir, const char *attr, const void *data, int len);

bool igt_sysfs_set(int dir, const char *attr, const char *value);
char *igt_sysfs_get(int dir, const char *attr);

int igt_sysfs_scanf(int dir, const char *attr, const char *fmt, ...)
	__attribute__((format(scanf,3,4)));
int igt_sysfs_vprintf(int dir, const char *attr, const char *fmt, va_list ap)
	__attribute__((format(printf,3,0)));
int igt_sysfs_printf(int dir, const char *attr, const char *fmt, ...)
	__attribute__((format(printf,3,4)));

uint32_t igt_sysfs_get_u32(int dir, const char *attr);
uint64_t igt_sysfs_get_u64(int dir, const char *attr);
bool igt_sysfs_get_boolean(int dir, const char *attr);

void igt_drm_debug_mask_update(unsigned int new_log_level);
void igt_drm_debug_mask_reset(void);
int igt_drm_debug_mask_get(int dir);
int igt_sysfs_drm_module_params_open(void);
void igt_drm_debug_mask_reset_exit_handler(int sig);

enum drm_debug_category {
	DRM_UT_CORE      = 1 << 0,
	DRM_UT_DRIVER    = 1 << 1,
	DRM_UT_KMS       = 1 << 2,
	DRM_UT_PRIME     = 1 << 3,
	DRM_UT_ATOMIC    = 1 << 4,
	DRM_UT_VBL       = 1 << 5,
	DRM_UT_STATE     = 1 << 6,
	DRM_UT_LEASE     = 1 << 7,
	DRM_UT_DP        = 1 << 8,
	DRM_UT_DRMRES    = 1 << 9,
};

#endif /* __IGT_SYSFS_H__ */

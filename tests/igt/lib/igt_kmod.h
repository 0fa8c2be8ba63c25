/* SPDX-License-Identifier: MIT */
/*
 * Copyright © 2016 Intel Corporation (the declarations and macro bodies
 * reproduced from IGT's lib/igt_kmod.h)
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
 * lib/igt_kmod.h. igt_kmod_unload() has master's signature (no flags
 * argument); compat-1.27.c maps it to the library's.
 */

#ifndef IGT_KMOD_H
#define IGT_KMOD_H

#include <stdbool.h>

bool igt_kmod_is_loaded(const char *mod_name);
void igt_kmod_list_loaded(void);

bool igt_kmod_has_param(const char *mod_name, const char *param);

int igt_kmod_load(const char *mod_name, const char *opts);
int igt_kmod_unload(const char *mod_name);

#endif /* IGT_KMOD_H */

/* SPDX-License-Identifier: MIT */
/*
 * Copyright © 2026 The drm-dbg authors
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

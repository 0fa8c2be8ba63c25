// SPDX-License-Identifier: GPL-2.0
/*
 * A DRM module, as an out-of-tree driver would be written, with one
 * drm_dbg_kms() callsite. Its use of drm.debug's classmap is declared only
 * with -DPLANTED_USE: without it, a kernel with DRM_USE_DYNAMIC_DEBUG must
 * refuse to build it, or drm.debug could never reach the callsite.
 */
#include <linux/module.h>
#include <drm/drm_print.h>

#ifdef PLANTED_USE
DRM_CLASSMAP_USE(drm_debug_classes);
#endif

static int __init drm_planted_init(void)
{
	drm_dbg_kms(NULL, "planted: loaded\n");
	return 0;
}
module_init(drm_planted_init);

static void __exit drm_planted_exit(void)
{
}
module_exit(drm_planted_exit);

MODULE_DESCRIPTION("A DRM module that may miss DRM_CLASSMAP_USE() (drm-dbg workbench)");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * Loaded by the workbench guest: prints one line through drm_dbg_printer()
 * in category KMS when it is loaded. drm_dbg_printer() output is not a
 * dynamic debug callsite, so with CONFIG_DRM_USE_DYNAMIC_DEBUG the line
 * must appear exactly when drm.debug has the KMS bit (0x4), whatever else
 * it has; before "drm/print: Test the category of drm_dbg_printer() output
 * at run time" it appeared with drm.debug=0 too.
 */
#include <linux/module.h>
#include <drm/drm_print.h>

static int __init drm_printer_test_init(void)
{
	struct drm_printer p = drm_dbg_printer(NULL, DRM_UT_KMS, "drm_printer_test");

	drm_printf(&p, "KMS line through drm_dbg_printer\n");
	return 0;
}

static void __exit drm_printer_test_exit(void)
{
}

module_init(drm_printer_test_init);
module_exit(drm_printer_test_exit);
MODULE_DESCRIPTION("drm_dbg_printer() output follows drm.debug (drm-dbg workbench)");
MODULE_LICENSE("GPL");

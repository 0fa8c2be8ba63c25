// SPDX-License-Identifier: GPL-2.0
/*
 * The module that coming_notifier.ko calls into while it is being loaded:
 * the .get of its parameter "probe" runs through four of its static call
 * sites and a DRM debug callsite, all of which the kernel patches in the
 * module's MODULE_STATE_COMING notifiers (the call sites from the
 * trampoline to ct_one(), the debug callsite on when drm.debug has KMS).
 * It reads "1111": one digit per call, each of which returns 1; anything
 * else is a wrong result.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/static_call.h>
#include <drm/drm_print.h>

DRM_CLASSMAP_USE(drm_debug_classes);

static int ct_one(void)
{
	return 1;
}

DEFINE_STATIC_CALL(coming_target_call, ct_one);

static atomic_long_t ct_count;

static int ct_get(char *buf, const struct kernel_param *kp)
{
	buf[0] = '0' + static_call(coming_target_call)();
	buf[1] = '0' + static_call(coming_target_call)();
	buf[2] = '0' + static_call(coming_target_call)();
	buf[3] = '0' + static_call(coming_target_call)();
	buf[4] = '\n';
	if (!(atomic_long_inc_return(&ct_count) & 0xfffff))
		drm_dbg_kms(NULL, "coming_target: %ld calls\n", atomic_long_read(&ct_count));
	return 5;
}

static const struct kernel_param_ops ct_ops = {
	.get = ct_get,
};

module_param_cb(probe, &ct_ops, NULL, 0444);
MODULE_PARM_DESC(probe, "reads 1111: four static calls of this module");

MODULE_DESCRIPTION("Called into while coming by coming_notifier (drm-dbg workbench)");
MODULE_LICENSE("GPL");

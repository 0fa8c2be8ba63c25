// SPDX-License-Identifier: GPL-2.0
/*
 * A module notifier of priority 10, above the kernel's own (jump labels 1,
 * static calls and dynamic debug 0), that calls into a module while it is
 * MODULE_STATE_COMING, as nothing in the kernel forbids. When coming_target
 * comes, a thread on every other online CPU starts calling the .get of its
 * parameter "probe" in a loop, through the static call sites and the debug
 * callsite that the kernel is about to patch; the notifier returns once
 * they have made 100 calls, and the loops go on until coming_target goes.
 * The kernel's patching must keep those CPUs on the old or the new
 * instructions, never on a mix of both (a torn CALL is a #UD or a wild
 * jump). Parameters, read-only: calls (while coming_target was coming),
 * bad (calls that did not read "1111").
 */
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

static const struct kernel_param *cn_kp;
static bool cn_coming;
static atomic_t cn_inside;
static atomic_long_t cn_total;
static unsigned long calls;
static unsigned long bad;
static struct task_struct *cn_threads[NR_CPUS];

module_param(calls, ulong, 0444);
MODULE_PARM_DESC(calls, "calls into coming_target while it was coming");
module_param(bad, ulong, 0444);
MODULE_PARM_DESC(bad, "calls into coming_target that did not read 1111");

static int cn_loop(void *unused)
{
	char *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	const struct kernel_param *kp;

	if (!buf)
		return -ENOMEM;
	while (!kthread_should_stop()) {
		atomic_inc(&cn_inside);
		/* pairs with the barrier after clearing cn_kp at GOING */
		smp_mb__after_atomic();
		kp = READ_ONCE(cn_kp);
		if (kp) {
			if (kp->ops->get(buf, kp) != 5 || memcmp(buf, "1111\n", 5))
				WRITE_ONCE(bad, bad + 1);
			if (READ_ONCE(cn_coming))
				WRITE_ONCE(calls, calls + 1);
			atomic_long_inc(&cn_total);
		}
		atomic_dec(&cn_inside);
		cond_resched();
	}
	kfree(buf);
	return 0;
}

static int cn_notify(struct notifier_block *nb, unsigned long state, void *data)
{
	struct module *mod = data;
	long start;
	int i;

	if (strcmp(mod->name, "coming_target"))
		return NOTIFY_DONE;

	switch (state) {
	case MODULE_STATE_COMING:
		for (i = 0; i < mod->num_kp; i++)
			if (!strcmp(mod->kp[i].name, "probe"))
				break;
		if (i == mod->num_kp)
			return NOTIFY_DONE;
		WRITE_ONCE(cn_coming, true);
		start = atomic_long_read(&cn_total);
		WRITE_ONCE(cn_kp, &mod->kp[i]);
		/* the loops are in the coming module when the kernel patches it */
		for (i = 0; i < 1000 && atomic_long_read(&cn_total) - start < 100; i++)
			usleep_range(1000, 2000);
		break;
	case MODULE_STATE_LIVE:
		WRITE_ONCE(cn_coming, false);
		break;
	case MODULE_STATE_GOING:
		WRITE_ONCE(cn_coming, false);
		WRITE_ONCE(cn_kp, NULL);
		/* a loop that read cn_kp before this is counted in cn_inside */
		smp_mb();
		while (atomic_read(&cn_inside))
			usleep_range(100, 200);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block cn_nb = {
	.notifier_call = cn_notify,
	.priority = 10,
};

static void cn_stop(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		if (cn_threads[cpu])
			kthread_stop(cn_threads[cpu]);
		cn_threads[cpu] = NULL;
	}
}

static int __init cn_init(void)
{
	int cpu, this = get_cpu();
	struct task_struct *t;

	put_cpu();
	for_each_online_cpu(cpu) {
		if (cpu == this)
			continue;
		t = kthread_create_on_cpu(cn_loop, NULL, cpu, "coming_notifier/%u");
		if (IS_ERR(t)) {
			cn_stop();
			return PTR_ERR(t);
		}
		cn_threads[cpu] = t;
		wake_up_process(t);
	}
	return register_module_notifier(&cn_nb);
}

static void __exit cn_exit(void)
{
	unregister_module_notifier(&cn_nb);
	cn_stop();
}

module_init(cn_init);
module_exit(cn_exit);
MODULE_DESCRIPTION("Calls into coming_target while it is coming (drm-dbg workbench)");
MODULE_LICENSE("GPL");

# SPDX-License-Identifier: GPL-2.0
#
# Entry points only; the work is in scripts/ (host) and guest/ (VM).
# Data flows: base source + patches/ -> build/linux -> build/obj ->
# guest -> results/.

.PHONY: report matrix alldrm stress fuzz leak xe kasan scale profile all help setup check demo baseline demo-builtin howto plain test bisect tree export kernel deb shell clean

# the command each target was run with, recorded beside its results
# (scripts/vm.sh) for scripts/report.sh docs
export DRMDBG_COMMAND = make $@$(if $(MAKEOVERRIDES), $(MAKEOVERRIDES))

all: help

help:
	@echo "make setup   install Debian packages, fetch the base source"
	@echo "make check   host only, a few minutes: series, checkpatch, drm-dbg tests and mutants, IGT build, shellcheck"
	@echo "make demo    build, boot, measure drm.debug writes, print the table"
	@echo "make baseline  the same measurement on the base with only the Kconfig patch (the 'before' column)"
	@echo "make demo-builtin  a second build with drm built in; boot with drm.debug=0x1e"
	@echo "make xe      a build with xe too (build/obj-xe); boot with drm.debug=0x1e, load xe"
	@echo "make howto   the howto's example queries on the baseline and the series: the same outcome (after make baseline)"
	@echo "make matrix  W=1 builds of the series and the base in config/matrix/'s configs: no new warning"
	@echo "make plain   the series with DRM_USE_DYNAMIC_DEBUG=n (build/obj-plain): drm-dbg and the IGT test on a plain drm.debug"
	@echo "make alldrm  every DRM and accel module that builds on x86-64 (build/obj-alldrm), all loaded, each follows drm.debug"
	@echo "make test    make check, build, and the assertions in the guest (KTAP)"
	@echo "make stress  guest/stress.sh for STRESS_SECONDS (600), seed STRESS_SEED"
	@echo "make fuzz    guest/fuzz.sh: FUZZ_COUNT (10000) writes judged by a model, seed FUZZ_SEED"
	@echo "make leak    guest/leak.sh: slab and vmalloc growth over 2 x LEAK_CYCLES (50) cycles"
	@echo "make kasan   a KASAN + kmemleak build (build/obj-kasan): stress, fuzz, leak runs, kmemleak scan"
	@echo "make scale   write and module-load cost against vCPUs (SCALE_CPUS) and callsites, series vs baseline"
	@echo "make profile where one drm.debug write spends its time (guest/profile.sh; PROFILE_CONFIG=nolockdep: without lockdep)"
	@echo "make report  docs/results.md's measured blocks rewritten from results/ (scripts/report.sh docs)"
	@echo "make bisect  build and boot every patch of the series on its own"
	@echo "make tree    build/linux = base + patches/series (git, one commit per patch)"
	@echo "make export  build/linux commits -> patches/"
	@echo "make kernel  build build/linux into build/obj"
	@echo "make deb     Debian packages of the series for a real machine (CONFIG=file)"
	@echo "make shell   boot the guest with an interactive shell"
	@echo "make clean   remove build/ and results/"

setup:
	scripts/setup.sh

check:
	scripts/check.sh

demo:
	scripts/demo.sh

baseline:
	scripts/baseline.sh

demo-builtin:
	scripts/demo-builtin.sh

profile:
	scripts/profile.sh

scale:
	scripts/scale.sh

kasan:
	scripts/kasan.sh

xe:
	scripts/xe.sh

alldrm:
	scripts/alldrm.sh

matrix:
	scripts/matrix.sh

howto:
	scripts/howto.sh

plain:
	scripts/plain.sh

test:
	scripts/test.sh

# make stress [STRESS_SECONDS=N] [STRESS_SEED=N]: guest/stress.sh, longer
stress:
	scripts/vm.sh -o results/stress -- env STRESS_SECONDS=$${STRESS_SECONDS:-600} \
		STRESS_SEED=$${STRESS_SEED:-20261121} $(CURDIR)/guest/stress.sh

# make fuzz [FUZZ_COUNT=N] [FUZZ_SEED=N]: malformed input, judged by a model
fuzz:
	scripts/vm.sh -t 7200 -o results/fuzz -- env FUZZ_COUNT=$${FUZZ_COUNT:-10000} \
		FUZZ_SEED=$${FUZZ_SEED:-20261121} $(CURDIR)/guest/fuzz.sh

# make leak [LEAK_CYCLES=N]: memory growth over writes and module cycles
leak:
	scripts/vm.sh -t 7200 -o results/leak -- env LEAK_CYCLES=$${LEAK_CYCLES:-50} $(CURDIR)/guest/leak.sh

bisect:
	scripts/bisect.sh

report:
	scripts/report.sh docs

tree:
	scripts/tree.sh

export:
	scripts/export.sh

kernel:
	scripts/kernel.sh

deb:
	scripts/deb.sh $(CONFIG)

shell:
	scripts/vm.sh -t 3600 -- /bin/bash -i

clean:
	rm -rf build results

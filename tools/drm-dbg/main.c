// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "drm-dbg.h"

int main(int argc, char **argv)
{
	int rc = drm_dbg_main(argc, argv);

	if (fflush(stdout)) {
		perror("drm-dbg: stdout");
		return EXIT_FAIL;
	}
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DRM_DBG_DEVICES_H
#define DRM_DBG_DEVICES_H

struct drm_dev {
	char primary[64], render[64];
	char bus[64];
	unsigned int vendor_id, device_id;
	char driver[64], version[32], desc[128];
};

/* Up to @max DRM devices into @out; their number (0 without any). */
int devices_get(struct drm_dev *out, int max);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * drm-dbg devices: the DRM devices, their drivers and buses (libdrm).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>

#include "drm-dbg.h"
#include "devices.h"

#define MAX_DEVICES 64

int devices_get(struct drm_dev *out, int max)
{
	drmDevicePtr devs[MAX_DEVICES];
	int i, n, k = 0;

	n = drmGetDevices2(0, devs, MAX_DEVICES);
	if (n <= 0)
		return 0;	/* none, or no /dev/dri at all */
	for (i = 0; i < n && k < max; i++) {
		drmDevicePtr d = devs[i];
		struct drm_dev *o = &out[k++];
		const char *node = NULL;
		drmVersionPtr v;
		int fd;

		memset(o, 0, sizeof(*o));
		if (d->available_nodes & (1 << DRM_NODE_PRIMARY))
			snprintf(o->primary, sizeof(o->primary), "%s", d->nodes[DRM_NODE_PRIMARY]);
		if (d->available_nodes & (1 << DRM_NODE_RENDER))
			snprintf(o->render, sizeof(o->render), "%s", d->nodes[DRM_NODE_RENDER]);
		if (d->bustype == DRM_BUS_PCI && d->businfo.pci && d->deviceinfo.pci) {
			snprintf(o->bus, sizeof(o->bus), "pci:%04x:%02x:%02x.%u",
				 d->businfo.pci->domain, d->businfo.pci->bus,
				 d->businfo.pci->dev, d->businfo.pci->func);
			o->vendor_id = d->deviceinfo.pci->vendor_id;
			o->device_id = d->deviceinfo.pci->device_id;
		} else {
			snprintf(o->bus, sizeof(o->bus), "%s",
				 d->bustype == DRM_BUS_USB ? "usb" :
				 d->bustype == DRM_BUS_PLATFORM ? "platform" :
				 d->bustype == DRM_BUS_HOST1X ? "host1x" : "other");
		}
		node = o->render[0] ? o->render : o->primary[0] ? o->primary : NULL;
		if (!node)
			continue;
		fd = open(node, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			snprintf(o->driver, sizeof(o->driver), "? (%s: %s)", node, strerror(errno));
			continue;
		}
		v = drmGetVersion(fd);
		if (v) {
			snprintf(o->driver, sizeof(o->driver), "%.*s", v->name_len, v->name);
			snprintf(o->version, sizeof(o->version), "%d.%d.%d", v->version_major,
				 v->version_minor, v->version_patchlevel);
			snprintf(o->desc, sizeof(o->desc), "%.*s", v->desc_len, v->desc);
			drmFreeVersion(v);
		}
		close(fd);
	}
	drmFreeDevices(devs, n);
	return k;
}

int do_devices(int argc, char **argv)
{
	struct drm_dev devs[MAX_DEVICES];
	int i, n, rc = no_args(argc, argv, "devices");

	if (rc >= 0)
		return rc;
	n = devices_get(devs, MAX_DEVICES);
	if (json_output) {
		struct json j;

		json_init(&j, stdout, pretty_output);
		json_open(&j, NULL, '[');
		for (i = 0; i < n; i++) {
			json_open(&j, NULL, '{');
			json_str(&j, "primary", devs[i].primary[0] ? devs[i].primary : NULL);
			json_str(&j, "render", devs[i].render[0] ? devs[i].render : NULL);
			json_str(&j, "bus", devs[i].bus);
			json_u64(&j, "vendor_id", devs[i].vendor_id);
			json_u64(&j, "device_id", devs[i].device_id);
			json_str(&j, "driver", devs[i].driver);
			json_str(&j, "driver_version", devs[i].version);
			json_str(&j, "description", devs[i].desc);
			json_close(&j, '}');
		}
		json_close(&j, ']');
		json_end(&j);
		return EXIT_OK;
	}
	if (!n) {
		printf("no DRM devices\n");
		return EXIT_OK;
	}
	for (i = 0; i < n; i++) {
		printf("%s  %s", devs[i].primary[0] ? devs[i].primary : devs[i].render, devs[i].bus);
		if (devs[i].vendor_id)
			printf(" [%04x:%04x]", devs[i].vendor_id, devs[i].device_id);
		printf("  %s %s  %s\n", devs[i].driver[0] ? devs[i].driver : "?", devs[i].version,
		       devs[i].desc);
	}
	return EXIT_OK;
}

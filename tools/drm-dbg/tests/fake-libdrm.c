// SPDX-License-Identifier: GPL-2.0
/*
 * The libdrm calls of devices.c, faked for the unit tests: the test
 * binary links this instead of -ldrm. fake_drm_devices devices exist,
 * their nodes are files named in fake_drm_node (created by the test).
 */
#include <stdlib.h>
#include <string.h>
#include <xf86drm.h>

int fake_drm_devices;
char fake_drm_node[256];

int drmGetDevices2(uint32_t flags, drmDevicePtr devices[], int max_devices)
{
	int i;

	(void)flags;
	for (i = 0; i < fake_drm_devices && i < max_devices; i++) {
		drmDevicePtr d = calloc(1, sizeof(*d));

		d->nodes = calloc(DRM_NODE_MAX, sizeof(char *));
		d->nodes[DRM_NODE_PRIMARY] = strdup(fake_drm_node);
		d->available_nodes = 1 << DRM_NODE_PRIMARY;
		d->bustype = DRM_BUS_PCI;
		d->businfo.pci = calloc(1, sizeof(*d->businfo.pci));
		d->businfo.pci->bus = 0;
		d->businfo.pci->dev = 2;
		d->deviceinfo.pci = calloc(1, sizeof(*d->deviceinfo.pci));
		d->deviceinfo.pci->vendor_id = 0x1234;
		d->deviceinfo.pci->device_id = 0x1111;
		devices[i] = d;
	}
	return i;
}

void drmFreeDevices(drmDevicePtr devices[], int count)
{
	int i;

	for (i = 0; i < count; i++) {
		free(devices[i]->nodes[DRM_NODE_PRIMARY]);
		free(devices[i]->nodes);
		free(devices[i]->businfo.pci);
		free(devices[i]->deviceinfo.pci);
		free(devices[i]);
	}
}

drmVersionPtr drmGetVersion(int fd)
{
	drmVersionPtr v = calloc(1, sizeof(*v));

	(void)fd;
	v->version_major = 1;
	v->version_minor = 2;
	v->name = strdup("bochs-drm");
	v->name_len = (int)strlen(v->name);
	v->desc = strdup("bochs dispi vga interface (qemu stdvga)");
	v->desc_len = (int)strlen(v->desc);
	return v;
}

void drmFreeVersion(drmVersionPtr v)
{
	free(v->name);
	free(v->desc);
	free(v);
}

import type { HandlerContext } from '../../core/handler.js';
import { VM_IMAGE, type VmImageRecord } from '../../core/images.js';
import { defineIndex } from '../../store.js';
import { VM_INSTANCE, type VmInstanceRecord } from '../vm/records.js';

/** Instances that are IMAGING, all under the one key `IMAGING` (no other instance is filed). */
const IMAGING_INSTANCES = defineIndex<VmInstanceRecord>(VM_INSTANCE, 'status IMAGING', (i) =>
  i.status === 'IMAGING' ? 'IMAGING' : undefined,
);

/** Images still IMAGING, by the instance they are made from. */
const IMAGING_IMAGES_BY_VM = defineIndex<VmImageRecord>(VM_IMAGE, 'vmId of an IMAGING image', (i) =>
  i.status === 'IMAGING' && typeof i.vmId === 'string' ? i.vmId : undefined,
);

/**
 * An instance that is IMAGING goes back to its previous status when its image is finished. The
 * two steps share the image's timing; this catches the cases where they drift apart (an image
 * completed by hand in manual mode). Runs before every handler of the VM and image groups
 * (see groups/index.ts), so every read of instances sees it. Reads only the IMAGING instances
 * (through the index), so it costs nothing when no image is being made.
 */
export function reconcileImaging(ctx: HandlerContext): void {
  for (const instance of ctx.state.lookup(IMAGING_INSTANCES, 'IMAGING')) {
    if (ctx.state.count(IMAGING_IMAGES_BY_VM, instance.vmId) > 0) continue;
    ctx.state.update<VmInstanceRecord>(VM_INSTANCE, instance.vmId, (r) => {
      r.status = r._pending?.status ?? 'RUNNING';
      if (r._pending?.patch) Object.assign(r, r._pending.patch);
      delete r._pending;
    });
  }
}

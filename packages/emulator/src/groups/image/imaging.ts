import type { HandlerContext } from '../../core/handler.js';
import { VM_IMAGE, type VmImageRecord } from '../../core/images.js';
import { VM_INSTANCE, type VmInstanceRecord } from '../vm/records.js';

/**
 * An instance that is IMAGING goes back to its previous status when its image is finished. The
 * two steps share the image's timing; this catches the cases where they drift apart (an image
 * completed by hand in manual mode). Runs before every handler of the VM and image groups
 * (see groups/index.ts), so every read of instances sees it.
 */
export function reconcileImaging(ctx: HandlerContext): void {
  const unfinished = new Set(
    ctx.state
      .list<VmImageRecord>(VM_IMAGE)
      .filter((i) => i.status === 'IMAGING')
      .map((i) => i.vmId),
  );
  for (const instance of ctx.state.list<VmInstanceRecord>(VM_INSTANCE)) {
    if (instance.status !== 'IMAGING' || unfinished.has(instance.vmId)) continue;
    ctx.state.update<VmInstanceRecord>(VM_INSTANCE, instance.vmId, (r) => {
      r.status = r._pending?.status ?? 'RUNNING';
      if (r._pending?.patch) Object.assign(r, r._pending.patch);
      delete r._pending;
    });
  }
}

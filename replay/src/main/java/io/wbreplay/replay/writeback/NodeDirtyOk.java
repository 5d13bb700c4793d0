package io.wbreplay.replay.writeback;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.VmItem;

/**
 * mm/page-writeback.c node_dirty_ok(): whether the node's dirty and writeback pages are within its dirty
 * limit, node_dirty_limit() (the dirty ratio of the node's dirtyable memory, or its share of
 * dirty_bytes). A page-cache allocation for a write (__GFP_WRITE) skips the zones of a node over it in
 * the allocator's fast path (4.8+; zone_dirty_ok() per zone from 3.3, Johannes Weiner, "mm: try to
 * distribute dirty pages fairly across zones"). On the model's one node the node's dirtyable memory is
 * the global one, so the limit is the global dirty threshold, not the smoothed dirty_limit that
 * balance_dirty_pages() throttles against.
 */
public final class NodeDirtyOk {
    private NodeDirtyOk() {
    }

    /** node_dirty_ok() of the model's one node. */
    public static boolean ok(Kernel k) {
        long pages = k.dirtyPages() + k.vmstat.get(VmItem.NR_WRITEBACK);
        return pages <= DirtyLimits.thresh(k.config, k.dirtyableMemory());
    }
}

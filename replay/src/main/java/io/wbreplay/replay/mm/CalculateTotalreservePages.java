package io.wbreplay.replay.mm;

/**
 * mm/page_alloc.c calculate_totalreserve_pages(): the pages the kernel keeps for itself, per zone its
 * largest lowmem_reserve plus its high watermark, at most its managed pages; global_dirtyable_memory()
 * does not count them as dirtyable (3.3, Johannes Weiner, "mm: exclude reserved pages from dirtyable memory").
 */
public final class CalculateTotalreservePages {
    private CalculateTotalreservePages() {
    }

    public static long of(Zone[] zones) {
        long total = 0;
        for (Zone z : zones) {
            long max = 0;
            for (int j = z.zoneIdx(); j < zones.length; j++) {
                max = Math.max(max, z.lowmemReserve(j));
            }
            total += Math.min(max + z.highWmark(), z.totalPages());
        }
        return total;
    }
}

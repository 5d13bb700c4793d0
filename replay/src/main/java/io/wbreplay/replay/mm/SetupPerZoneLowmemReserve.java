package io.wbreplay.replay.mm;

/**
 * mm/page_alloc.c setup_per_zone_lowmem_reserve(): what an allocation that may use a higher zone must
 * leave free in a lower one, lowmem_reserve[j] of zone i = the managed pages of zones i+1..j /
 * sysctl_lowmem_reserve_ratio[i] (256 for ZONE_DMA and DMA32, 32 for Normal: /proc/sys/vm/lowmem_reserve_ratio).
 */
final class SetupPerZoneLowmemReserve {
    /** sysctl_lowmem_reserve_ratio[] for ZONE_DMA, ZONE_DMA32 and ZONE_NORMAL. */
    static final int[] RATIO = {256, 256, 32};

    private SetupPerZoneLowmemReserve() {
    }

    /** reserve[i][j]: zone i's lowmem_reserve against allocations whose highest zone is j (0 for j <= i). */
    static long[][] reserves(Pages pages) {
        int n = pages.zones();
        long[][] reserve = new long[n][n];
        for (int i = 0; i < n - 1; i++) {
            long above = 0;
            for (int j = i + 1; j < n; j++) {
                above += pages.zoneFrames(j);
                reserve[i][j] = above / RATIO[i];
            }
        }
        return reserve;
    }
}

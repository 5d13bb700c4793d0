package io.wbreplay.replay.mm;

import java.util.Locale;

/** include/linux/vmstat.h + mmzone.h: the counters of /proc/vmstat that the model keeps, by kernel name. */
public enum VmItem {
    NR_FREE_PAGES, NR_FILE_PAGES, NR_INACTIVE_FILE, NR_ACTIVE_FILE, NR_DIRTY, NR_WRITEBACK,
    NR_DIRTIED, NR_WRITTEN, NR_VMSCAN_WRITE, NR_VMSCAN_IMMEDIATE_RECLAIM,
    PGPGIN, PGPGOUT, PGACTIVATE, PGDEACTIVATE, PGREFILL, PGSCAN_KSWAPD, PGSCAN_DIRECT,
    PGSTEAL_KSWAPD, PGSTEAL_DIRECT, PGSTEAL, PGROTATED, PGINODESTEAL, ALLOCSTALL, PAGEOUTRUN,
    KSWAPD_WAKEUP, KSWAPD_SKIP_CONGESTION_WAIT, BALANCE_DIRTY_PAGES_PAUSES;

    private final String kernelName = name().toLowerCase(Locale.ROOT);

    /** The name /proc/vmstat prints. */
    public String kernelName() {
        return kernelName;
    }
}

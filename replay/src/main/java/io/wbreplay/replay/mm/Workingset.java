package io.wbreplay.replay.mm;

/**
 * mm/workingset.c (6.x, without MGLRU): the node's {@code lruvec->nonresident_age}, the shadow entry
 * workingset_eviction() leaves in an evicted page's slot, and workingset_refault() /
 * workingset_test_recent() deciding whether a page read back is activated at once.
 *
 * <p>nonresident_age counts the file LRU's evictions and activations (workingset_age_nonresident()):
 * each eviction (here), each activation by folio_mark_accessed() (workingset_activation()), each page
 * move_folios_to_lru() puts back on the active list, and each refault that is activated. A refault's
 * distance is the age now less the age at its eviction; it is recent when that distance is at most the
 * workingset size, NR_ACTIVE_FILE on a machine without swap (mem_cgroup_can_swap() false: the anon
 * lists are left out). No memory cgroups, one node, bucket_order 0 (a 64-bit machine's shadow keeps
 * every bit of the age that matters here).
 */
public final class Workingset {
    /** No shadow entry in the slot: a first read, not a refault. */
    public static final long NO_SHADOW = -1;

    private final Pages pages;
    private final VmStat vmstat;
    private long nonresidentAge;

    Workingset(Pages pages, VmStat vmstat) {
        this.pages = pages;
        this.vmstat = vmstat;
    }

    /** lruvec->nonresident_age. */
    public long nonresidentAge() {
        return nonresidentAge;
    }

    /** workingset_age_nonresident(): the LRU aged by {@code nrPages} evictions or activations. */
    public void ageNonresident(long nrPages) {
        nonresidentAge += nrPages;
    }

    /**
     * workingset_eviction(): the shadow entry of {@code page}, which reclaim is about to remove from the
     * page cache: the age before this eviction and PG_workingset (the page had been active); then ages.
     */
    public long eviction(int page) {
        long shadow = pack(nonresidentAge, pages.test(page, Pages.PG_workingset));
        ageNonresident(1);
        return shadow;
    }

    /** pack_shadow() without node and memcg ids: the eviction age, the workingset bit lowest. */
    static long pack(long eviction, boolean workingset) {
        return eviction << 1 | (workingset ? 1 : 0);
    }

    /**
     * workingset_test_recent() for a file page: the refault distance (the age now less the age at
     * eviction) is at most the workingset size, NR_ACTIVE_FILE without swap.
     */
    public static boolean testRecent(long shadow, long nonresidentAgeNow, long nrActiveFile) {
        long refaultDistance = nonresidentAgeNow - (shadow >>> 1);
        return refaultDistance <= nrActiveFile;
    }

    /**
     * workingset_refault(): {@code page}, freshly allocated for a slot that held {@code shadow}, refaults
     * (WORKINGSET_REFAULT_FILE); if recent it is to be activated (the caller adds it to the active list:
     * folio_set_active() before folio_add_lru(), so no pgactivate), which ages the LRU
     * (WORKINGSET_ACTIVATE_FILE); if it had been active before its eviction it gets PG_workingset
     * (WORKINGSET_RESTORE_FILE). True: add it active.
     */
    public boolean refault(int page, long shadow) {
        vmstat.inc(VmItem.WORKINGSET_REFAULT_FILE);
        if (!testRecent(shadow, nonresidentAge, vmstat.get(VmItem.NR_ACTIVE_FILE))) {
            return false;
        }
        ageNonresident(1);
        vmstat.inc(VmItem.WORKINGSET_ACTIVATE_FILE);
        if ((shadow & 1) != 0) {
            pages.set(page, Pages.PG_workingset);
            vmstat.inc(VmItem.WORKINGSET_RESTORE_FILE);
        }
        return true;
    }
}

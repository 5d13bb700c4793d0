package io.wbreplay.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.driver.Machine;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.Workingset;
import io.wbreplay.replay.sim.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * mm/workingset.c as 6.x has it, checked by hand. workingset_eviction() stores nonresident_age E and
 * then ages it by one; every later eviction and activation ages it too; at the refault the age is R and
 * workingset_test_recent() activates iff R - E <= NR_ACTIVE_FILE (no swap: the anon lists do not count).
 * The fixture: a machine whose initial cache is 10 active pages (indices 0-9) and 20 inactive ones
 * (10-29) of the other tasks' file, whose shadow entries are kept (--other-refaults).
 */
class WorkingsetRefaultTest {
    private Kernel k;
    private Inode file;

    private void machine() {
        EventLoop loop = new EventLoop();
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 32L << 20;
        c.initialActiveBytes = 10 * 4096;
        c.initialInactiveBytes = 20 * 4096;
        c.otherRefaultsPerS = 1;
        Machine m = new Machine(c, loop, new FixedDelayQueue(loop, null, 1_000_000L, 16));
        m.start();
        k = m.kernel;
        file = k.initialCacheInode();
    }

    /** Reclaim frees the clean page at {@code index}: __remove_mapping() with its shadow entry. */
    private void evict(long index) {
        int page = file.mapping.find(index);
        assertThat(k.cache.trylockPage(page)).isTrue();
        k.cache.removeMapping(page);
    }

    /** A read of {@code index} allocates a page and adds it: true if it went to the active list. */
    private boolean refault(long index) {
        int page = k.pages.alloc();
        k.cache.filemapAddFolio(page, file, index);
        k.cache.unlockPage(page);
        return k.pages.test(page, Pages.PG_active);
    }

    @Test
    void theRuleItself() {
        long shadow = 100L << 1; // evicted at nonresident_age 100, not active before
        assertThat(Workingset.testRecent(shadow, 150, 50)).isTrue();  // distance 50 <= 50 active pages
        assertThat(Workingset.testRecent(shadow, 150, 49)).isFalse(); // 50 > 49
        assertThat(Workingset.testRecent(shadow | 1, 100, 0)).isTrue(); // refaulting at once: distance 0
    }

    @Test
    void aRefaultWithinTheActiveListsSizeIsActivated() {
        machine();
        long e = k.cache.workingset.nonresidentAge();
        for (long i = 10; i < 20; i++) { // 10 evictions: the first at E, the age is then E + 10
            evict(i);
        }
        assertThat(k.cache.workingset.nonresidentAge()).isEqualTo(e + 10);
        long activate = k.vmstat.get(VmItem.PGACTIVATE);
        assertThat(refault(10)).isTrue(); // distance 10 <= 10 active pages
        assertThat(k.vmstat.get(VmItem.WORKINGSET_REFAULT_FILE)).isEqualTo(1);
        assertThat(k.vmstat.get(VmItem.WORKINGSET_ACTIVATE_FILE)).isEqualTo(1);
        assertThat(k.vmstat.get(VmItem.WORKINGSET_RESTORE_FILE)).isZero(); // it had never been active
        assertThat(k.vmstat.get(VmItem.NR_ACTIVE_FILE)).isEqualTo(11);
        assertThat(k.vmstat.get(VmItem.PGACTIVATE)).isEqualTo(activate); // folio_set_active() before the LRU: no pgactivate
        assertThat(k.cache.workingset.nonresidentAge()).isEqualTo(e + 11); // the activation ages the LRU
    }

    @Test
    void oneEvictionMoreAndItStaysInactive() {
        machine();
        for (long i = 10; i < 21; i++) { // 11 evictions: distance 11 for the first
            evict(i);
        }
        assertThat(refault(10)).isFalse(); // 11 > 10 active pages
        assertThat(k.vmstat.get(VmItem.WORKINGSET_REFAULT_FILE)).isEqualTo(1);
        assertThat(k.vmstat.get(VmItem.WORKINGSET_ACTIVATE_FILE)).isZero();
        assertThat(k.vmstat.get(VmItem.NR_INACTIVE_FILE)).isEqualTo(20 - 11 + 1);
        assertThat(refault(11)).isTrue(); // evicted one later: distance 10
    }

    @Test
    void activationsAgeTheLruAsEvictionsDo() {
        machine();
        evict(10); // distance 1 so far
        for (long i = 11; i < 20; i++) { // mark_page_accessed() twice: activate_page() + workingset_activation()
            int page = file.mapping.find(i);
            k.cache.markPageAccessed(page);
            k.cache.markPageAccessed(page);
        }
        // distance 1 + 9 = 10, against 10 + 9 = 19 active pages: activated
        assertThat(k.vmstat.get(VmItem.NR_ACTIVE_FILE)).isEqualTo(19);
        assertThat(refault(10)).isTrue();
    }

    @Test
    void aPageActiveBeforeItsEvictionIsRestored() {
        machine();
        int page = file.mapping.find(0);
        k.cache.deactivatePage(page); // shrink_active_list(): PG_workingset
        evict(0);
        assertThat(refault(0)).isTrue(); // distance 1 <= 9 active pages
        assertThat(k.vmstat.get(VmItem.WORKINGSET_RESTORE_FILE)).isEqualTo(1);
        assertThat(k.pages.test(file.mapping.find(0), Pages.PG_workingset)).isTrue();
    }

    @Test
    void aReadWithoutShadowIsNoRefault() {
        machine();
        assertThat(refault(1000)).isFalse();
        assertThat(k.vmstat.get(VmItem.WORKINGSET_REFAULT_FILE)).isZero();
    }
}

package io.wbreplay.replay.mm;

import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;

/**
 * mm/filemap.c, mm/page-writeback.c and mm/swap.c page-cache operations on the {@link Pages} arrays:
 * insertion and removal, page lock, dirty and writeback state with their radix-tree tags and vmstat
 * counters, and LRU referencing.
 */
public final class PageCache {
    /** Told when an inode gains its first dirty page: fs/fs-writeback.c __mark_inode_dirty(). */
    public interface InodeDirtier {
        void markInodeDirty(Inode inode, long nowNs);
    }

    /**
     * Told about page-lock traffic (the hazard checker's view, as lockdep sees lock_page()): a blocking
     * attempt, an acquisition by a known task, a wait, and every release.
     */
    public interface PageLockObserver {
        /** Observes nothing. */
        PageLockObserver NONE = new PageLockObserver() {
        };

        /** {@code task} calls lock_page() on {@code page} (checked before it is known whether it waits). */
        default void lockAttempt(Task task, int page) {
        }

        /** {@code task} now holds the lock of {@code page}. */
        default void locked(Task task, int page) {
        }

        /** {@code task} sleeps until {@code page} is unlocked. */
        default void blocked(Task task, int page) {
        }

        /** The lock of {@code page} was released (by whoever held it). */
        default void unlocked(int page) {
        }
    }

    public final Pages pages;
    /** The node's LRU; before 4.8 each zone has its own: {@link #lru(int)}. */
    public final Lru lru;
    private final Lru dmaLru;
    public final VmStat vmstat;
    /** The node's nonresident_age and the refault test (mm/workingset.c). */
    public final Workingset workingset;
    public final Inodes inodes;
    public final RadixNodePool nodes = new RadixNodePool();
    public final PageWaitTable waits = new PageWaitTable();
    private InodeDirtier dirtier = (inode, now) -> { };
    /** Whether a written PG_reclaim page rotates to the inactive tail from the active list too (4.11+). */
    private boolean rotateActive;
    /** Whether clear_page_dirty_for_io() clears PG_reclaim (before 2.6.39). */
    private boolean writebackClearsReclaim = true;
    private PageLockObserver lockObserver = PageLockObserver.NONE;

    /** The LRU of zone {@code zoneIdx} (-1: the node's, where zones are not modelled). */
    public Lru lru(int zoneIdx) {
        return zoneIdx == Pages.ZONE_DMA && dmaLru != null ? dmaLru : lru;
    }

    /** The LRU {@code page} is on, or would join: its zone's. */
    public Lru lruOf(int page) {
        return dmaLru != null && pages.zoneOf(page) == Pages.ZONE_DMA ? dmaLru : lru;
    }

    /** {@code perZoneLru}: ZONE_DMA has an LRU of its own (before 4.8; {@code pages} has its DMA frames). */
    public PageCache(Pages pages, VmStat vmstat, boolean perZoneLru) {
        this.pages = pages;
        this.lru = new Lru(pages);
        this.dmaLru = perZoneLru && pages.dmaFrames() > 0 ? new Lru(pages) : null;
        this.vmstat = vmstat;
        this.workingset = new Workingset(pages, vmstat);
        this.inodes = new Inodes();
    }

    public void setRotateActive(boolean rotateActive) {
        this.rotateActive = rotateActive;
    }

    public void setWritebackClearsReclaim(boolean clears) {
        this.writebackClearsReclaim = clears;
    }

    public void setDirtier(InodeDirtier dirtier) {
        this.dirtier = dirtier;
    }

    /** Installs the observer of page-lock traffic (the hazard checker). */
    public void setLockObserver(PageLockObserver observer) {
        this.lockObserver = observer;
    }

    public Inode inodeOf(int page) {
        int ino = pages.mapping(page);
        return ino == Pages.NO_MAPPING ? null : inodes.get(ino);
    }

    /** add_to_page_cache_lru(): a freshly allocated page joins {@code inode} at {@code index}, locked. */
    public void addToPageCacheLru(int page, Inode inode, long index) {
        addToPageCache(page, inode, index, Lru.INACTIVE);
    }

    /**
     * filemap_add_folio() for a read: as {@link #addToPageCacheLru}, but a shadow entry left in the
     * slot makes it a refault, which workingset_refault() may activate (the page then joins the active
     * list). Writes (__GFP_WRITE) skip the refault test; they use {@link #addToPageCacheLru}.
     */
    public void filemapAddFolio(int page, Inode inode, long index) {
        ShadowEntries shadows = inode.mapping.shadows;
        long shadow = shadows == null ? Workingset.NO_SHADOW : shadows.take(index);
        boolean active = shadow != Workingset.NO_SHADOW && workingset.refault(page, shadow);
        if (active) {
            lruOf(page).refaultActivated();
        }
        addToPageCache(page, inode, index, active ? Lru.ACTIVE : Lru.INACTIVE);
    }

    private void addToPageCache(int page, Inode inode, long index, int list) {
        pages.set(page, Pages.PG_locked);
        pages.setMapping(page, inode.ino, index);
        inode.mapping.pages.insert(index, page);
        lruOf(page).addHead(page, list);
        vmstat.inc(VmItem.NR_FILE_PAGES);
        vmstat.inc(list == Lru.ACTIVE ? VmItem.NR_ACTIVE_FILE : VmItem.NR_INACTIVE_FILE);
    }

    /**
     * __remove_mapping() of a page reclaim frees: workingset_eviction() makes its shadow entry, which
     * stays in the slot where the mapping keeps them; then as {@link #deleteFromPageCache}.
     */
    public void removeMapping(int page) {
        long shadow = workingset.eviction(page);
        ShadowEntries shadows = inodeOf(page).mapping.shadows;
        long index = pages.index(page);
        deleteFromPageCache(page);
        if (shadows != null) {
            shadows.store(index, shadow);
        }
    }

    /**
     * __delete_from_page_cache() (was remove_from_page_cache()): unhooks the page from its mapping and
     * the LRU, sets page->mapping = NULL and drops the page cache's reference; the frame is freed when
     * nobody else holds one. The page must be locked, clean and not under writeback.
     */
    public void deleteFromPageCache(int page) {
        Inode inode = inodeOf(page);
        inode.mapping.pages.delete(pages.index(page));
        pages.setMapping(page, Pages.NO_MAPPING, 0);
        if (pages.test(page, Pages.PG_lru)) {
            vmstat.dec(pages.test(page, Pages.PG_active) ? VmItem.NR_ACTIVE_FILE : VmItem.NR_INACTIVE_FILE);
            lruOf(page).remove(page);
        }
        vmstat.dec(VmItem.NR_FILE_PAGES);
        pages.clear(page, Pages.PG_locked);
        lockObserver.unlocked(page);
        waits.wake(page);
        putPage(page);
    }

    /**
     * Whether compaction may isolate {@code page} for migration (isolate_migratepages_block() in
     * MIGRATE_ASYNC and MIGRATE_SYNC_LIGHT mode): a page-cache page on the LRU that nobody else holds,
     * unlocked and not under writeback (ext4's buffer_migrate_folio() moves a dirty one).
     */
    public boolean migratable(int page) {
        int f = pages.flags(page);
        return (f & Pages.PG_lru) != 0 && (f & (Pages.PG_locked | Pages.PG_writeback)) == 0
                && pages.mapping(page) != Pages.NO_MAPPING && pages.count(page) == 1;
    }

    /**
     * migrate_folio() of a {@link #migratable} page to the free frame {@code to} (one reference): the
     * mapping's slot and the LRU position move with its flags; the old frame is freed.
     */
    public void migratePage(int from, int to) {
        pages.copyState(from, to);
        inodeOf(from).mapping.pages.replace(pages.index(from), to);
        lruOf(from).replace(from, to);
        pages.free(from);
    }

    /** put_page(): frees the frame with the last reference. */
    public void putPage(int page) {
        if (pages.put(page)) {
            pages.free(page);
        }
    }

    /** trylock_page(). */
    public boolean trylockPage(int page) {
        if (pages.test(page, Pages.PG_locked)) {
            return false;
        }
        pages.set(page, Pages.PG_locked);
        return true;
    }

    /** trylock_page() by a known task: the lock's owner is recorded (a trylock is never a wait). */
    public boolean trylockPage(Task task, int page) {
        if (!trylockPage(page)) {
            return false;
        }
        lockObserver.locked(task, page);
        return true;
    }

    /**
     * lock_page(): takes the lock, or puts {@code task} to sleep (a PAGE_LOCK stall) and returns false;
     * the caller returns from its step and tries again when run.
     */
    public boolean lockPage(Task task, int page) {
        lockObserver.lockAttempt(task, page);
        if (trylockPage(page)) {
            lockObserver.locked(task, page);
            return true;
        }
        task.sleepOn(waits.queue(page), StallCause.PAGE_LOCK);
        lockObserver.blocked(task, page);
        return false;
    }

    /** unlock_page(): clears PG_locked and wakes the waiters. */
    public void unlockPage(int page) {
        pages.clear(page, Pages.PG_locked);
        lockObserver.unlocked(page);
        waits.wake(page);
    }

    /**
     * wait_on_page_writeback(): true if the page is not under writeback; else {@code task} sleeps
     * (a WRITEBACK_WAIT stall) and this returns false.
     */
    public boolean waitOnPageWriteback(Task task, int page) {
        if (!pages.test(page, Pages.PG_writeback)) {
            return true;
        }
        task.sleepOn(waits.queue(page), StallCause.WRITEBACK_WAIT);
        return false;
    }

    /** __set_page_dirty_nobuffers() + account_page_dirtied(): true if the page was clean. */
    public boolean setPageDirty(int page, long nowNs) {
        if (pages.test(page, Pages.PG_dirty)) {
            return false;
        }
        pages.set(page, Pages.PG_dirty);
        Inode inode = inodeOf(page);
        if (inode == null) {
            return true;
        }
        inode.mapping.pages.setTag(pages.index(page), RadixTree.TAG_DIRTY);
        vmstat.inc(VmItem.NR_DIRTY);
        vmstat.inc(VmItem.NR_DIRTIED);
        dirtier.markInodeDirty(inode, nowNs);
        return true;
    }

    /**
     * clear_page_dirty_for_io(): the page is locked; clears PG_dirty, and before 2.6.39 PG_reclaim; true
     * if it was dirty.
     */
    public boolean clearPageDirtyForIo(int page) {
        if (writebackClearsReclaim) {
            pages.clear(page, Pages.PG_reclaim);
        }
        return cancelDirty(page);
    }

    /** cancel_dirty_page() / the dirty half of clear_page_dirty_for_io(). */
    public boolean cancelDirty(int page) {
        if (!pages.testClear(page, Pages.PG_dirty)) {
            return false;
        }
        Inode inode = inodeOf(page);
        if (inode != null) {
            inode.mapping.pages.clearTag(pages.index(page), RadixTree.TAG_DIRTY);
        }
        vmstat.dec(VmItem.NR_DIRTY);
        return true;
    }

    /** set_page_writeback(): tags WRITEBACK, clears TOWRITE, counts NR_WRITEBACK. */
    public void setPageWriteback(int page) {
        pages.set(page, Pages.PG_writeback);
        Inode inode = inodeOf(page);
        long index = pages.index(page);
        inode.mapping.pages.setTag(index, RadixTree.TAG_WRITEBACK);
        inode.mapping.pages.clearTag(index, RadixTree.TAG_TOWRITE);
        vmstat.inc(VmItem.NR_WRITEBACK);
    }

    /**
     * end_page_writeback(): a page reclaim marked PG_reclaim goes to the inactive tail
     * (rotate_reclaimable_page(), counted as pgrotated); then PG_writeback clears and waiters wake.
     * True when it was the last page of its mapping under writeback (__folio_end_writeback() clears
     * the mapping's PAGECACHE_TAG_WRITEBACK).
     */
    public boolean endPageWriteback(int page) {
        if (pages.testClear(page, Pages.PG_reclaim)) {
            rotateReclaimablePage(page);
        }
        pages.clear(page, Pages.PG_writeback);
        Inode inode = inodeOf(page);
        boolean mappingDone = false;
        if (inode != null) {
            inode.mapping.pages.clearTag(pages.index(page), RadixTree.TAG_WRITEBACK);
            mappingDone = inode.mapping.pages.tagged(RadixTree.TAG_WRITEBACK) == 0;
        }
        vmstat.dec(VmItem.NR_WRITEBACK);
        vmstat.inc(VmItem.NR_WRITTEN);
        waits.wake(page);
        return mappingDone;
    }

    /**
     * rotate_reclaimable_page(): a page reclaim marked PG_reclaim, written and neither locked nor
     * redirtied, moves to the inactive tail to be freed next; from the active list too once reclaim
     * activates the dirty pages it keeps (4.11 lru_move_tail() clears PG_active), not before.
     */
    private void rotateReclaimablePage(int page) {
        int f = pages.flags(page);
        if ((f & (Pages.PG_locked | Pages.PG_dirty)) != 0 || (f & Pages.PG_lru) == 0) {
            return;
        }
        boolean active = (f & Pages.PG_active) != 0;
        if (active && !rotateActive) {
            return;
        }
        Lru l = lruOf(page);
        l.remove(page);
        l.addTail(page, Lru.INACTIVE);
        if (active) {
            vmstat.dec(VmItem.NR_ACTIVE_FILE);
            vmstat.inc(VmItem.NR_INACTIVE_FILE);
        }
        vmstat.inc(VmItem.PGROTATED);
    }

    /** mark_page_accessed(): inactive+referenced -> active; otherwise set PG_referenced. */
    public void markPageAccessed(int page) {
        int f = pages.flags(page);
        if ((f & (Pages.PG_active | Pages.PG_referenced | Pages.PG_lru)) == (Pages.PG_referenced | Pages.PG_lru)) {
            activatePage(page);
            pages.clear(page, Pages.PG_referenced);
        } else if ((f & Pages.PG_referenced) == 0) {
            pages.set(page, Pages.PG_referenced);
        }
    }

    /**
     * activate_page(): an inactive LRU page moves to the active head (pgactivate); folio_mark_accessed()
     * then calls workingset_activation(), which ages the LRU.
     */
    public void activatePage(int page) {
        if (pages.test(page, Pages.PG_lru) && !pages.test(page, Pages.PG_active)) {
            lruOf(page).moveToHead(page, Lru.ACTIVE);
            vmstat.dec(VmItem.NR_INACTIVE_FILE);
            vmstat.inc(VmItem.NR_ACTIVE_FILE);
            vmstat.inc(VmItem.PGACTIVATE);
            workingset.ageNonresident(1);
        }
    }

    /**
     * Moves an active page to the inactive head (shrink_active_list(), pgdeactivate), setting
     * PG_workingset: it had been active, which its shadow will say if it is evicted.
     */
    public void deactivatePage(int page) {
        if (pages.test(page, Pages.PG_lru) && pages.test(page, Pages.PG_active)) {
            pages.set(page, Pages.PG_workingset);
            lruOf(page).moveToHead(page, Lru.INACTIVE);
            vmstat.dec(VmItem.NR_ACTIVE_FILE);
            vmstat.inc(VmItem.NR_INACTIVE_FILE);
            vmstat.inc(VmItem.PGDEACTIVATE);
        }
    }

    /** igrab(): a new reference, unless the inode is being freed. */
    public boolean igrab(Inode inode) {
        if (inode.has(Inode.I_FREEING | Inode.I_CLEAR)) {
            return false;
        }
        inode.count++;
        return true;
    }

    /** __iget(). */
    public void iget(Inode inode) {
        inode.count++;
    }

    /**
     * iput() without its final part: drops a reference and says whether the caller must now run
     * iput_final() (the count reached zero on an unlinked inode), having set I_FREEING.
     */
    public boolean iputNeedsFinal(Inode inode) {
        if (--inode.count > 0 || !inode.unlinked) {
            return false;
        }
        inode.state |= Inode.I_FREEING;
        return true;
    }

    /** unlink(): drops the name; the inode is evicted at its last iput. */
    public void unlink(Inode inode) {
        inode.unlinked = true;
    }

    /** clear_inode() + destroy_inode(): the last part of evict(), once the mapping is empty. */
    public void evictDone(Inode inode) {
        inode.state = (inode.state & ~Inode.I_FREEING) | Inode.I_CLEAR;
        if (inode.list() != null) {
            inode.list().remove(inode);
        }
        inodes.release(inode);
    }
}

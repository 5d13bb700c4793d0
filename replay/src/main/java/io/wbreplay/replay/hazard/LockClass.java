package io.wbreplay.replay.hazard;

/** The lock classes of the lockdep-style graph (lockdep's lock_class_key, one per kind of lock). */
public enum LockClass {
    /** PG_locked of any page-cache page (lock_page()). */
    PAGE_LOCK("page lock"),
    /** inode->i_mutex (i_rwsem): taken by writers and by eviction paths. */
    I_MUTEX("i_mutex"),
    /** The filesystem's extent/metadata lock (btrfs lock_extent(), ext4 i_data_sem). */
    EXTENT_LOCK("extent lock"),
    /** Sleeping for a free request of a full queue (get_request()): a wait that behaves like a lock. */
    REQUEST_QUEUE("request queue wait");

    private final String label;

    LockClass(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

package io.wbreplay.replay.writeback;

/** include/linux/writeback.h enum writeback_sync_modes. */
public enum SyncMode {
    /** Don't wait on anything: memory cleansing and periodic writeback. */
    WB_SYNC_NONE,
    /** Wait on every mapping: data integrity (fsync, sync). */
    WB_SYNC_ALL
}

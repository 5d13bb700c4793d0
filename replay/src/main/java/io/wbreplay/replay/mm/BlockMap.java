package io.wbreplay.replay.mm;

/** get_block() / ->bmap(): where a file's page lives on the device, in 512-byte sectors. */
public interface BlockMap {
    /** The first sector of page {@code index}, allocating its extent on first use. */
    long sector(long index);
}

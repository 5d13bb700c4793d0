package io.wbreplay.replay.mm;

/** get_block() / ->bmap(): where a file's page lives on the device, in 512-byte sectors. */
public interface BlockMap {
    /** The first sector of page {@code index}, allocating its extent on first use. */
    long sector(long index);

    /**
     * True when writing page {@code index} back must map its blocks first (ext4: delayed or unwritten
     * buffers, mpage_add_bh_to_extent()), which takes a journal handle; false for a page whose blocks
     * were mapped for an earlier writeback (an overwrite), or on a device without a file system.
     */
    default boolean needsMapping(long index) {
        return false;
    }

    /** Page {@code index} is being written back with its blocks mapped: later writebacks of it overwrite them. */
    default void mapped(long index) {
    }
}

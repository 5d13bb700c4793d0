package io.wbreplay.replay.mm;

/** fs/block_dev.c blkdev_get_block(): the block-device inode maps page i to sector 8i. */
public final class BdevMap implements BlockMap {
    public static final BdevMap INSTANCE = new BdevMap();

    private BdevMap() {
    }

    @Override
    public long sector(long index) {
        return index * Zone.SECTORS_PER_PAGE;
    }
}

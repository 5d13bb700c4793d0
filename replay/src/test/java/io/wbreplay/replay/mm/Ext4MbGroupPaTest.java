package io.wbreplay.replay.mm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * mballoc's locality-group preallocation, by fs/ext4/mballoc.c: ext4_mb_group_or_file() sends a data
 * allocation to the locality group when max(the end of the blocks asked for, i_size in blocks) is not
 * above s_mb_stream_request (16 blocks, MB_DEFAULT_STREAM_THRESHOLD): a 16-block file does, a 17-block
 * one not, nor a 2-block write into a file of 17 blocks. The group preallocates s_mb_group_prealloc (512,
 * MB_DEFAULT_GROUP_PREALLOC) blocks, which small files share one after another: 128 files of 4 blocks
 * (the recording's 16 KiB files, whose data requests follow each other 32 sectors apart: 266,240,
 * 266,272, 266,304, ...) fill one.
 */
class Ext4MbGroupPaTest {
    @Test
    void smallFilesOnly() {
        assertThat(Ext4MbGroupPa.eligible(4, 4)).isTrue();
        assertThat(Ext4MbGroupPa.eligible(16, 16)).isTrue();
        assertThat(Ext4MbGroupPa.eligible(17, 17)).isFalse();
        assertThat(Ext4MbGroupPa.eligible(2, 17)).isFalse();
    }

    @Test
    void smallFilesFollowEachOtherAndAPreallocationHolds128OfFourBlocks() {
        BlockAllocator a = new BlockAllocator(2048, 32768, 0, 1);
        Ext4MbGroupPa pa = new Ext4MbGroupPa(a);
        long first = pa.allocate(4);
        assertThat(first).isEqualTo(2048);
        for (int i = 1; i < 128; i++) {
            assertThat(pa.allocate(4)).isEqualTo(first + 32L * i);
        }
        long next = pa.allocate(4); // the 129th: a new preallocation, after the first's 512 blocks
        assertThat(next).isEqualTo(first + 512 * 8);
        assertThat(a.allocateExtent()).isEqualTo(first + 2 * 512 * 8); // other allocations come after both
    }

    @Test
    void aFileMapsItsPagesToItsBlocksAndTheHookHearsOfTheAllocation() {
        BlockAllocator a = new BlockAllocator(2048, 32768, 0, 1);
        long[] told = {-1};
        ExtentMap m1 = new ExtentMap(a, new Ext4MbGroupPa(a), (inode, sector) -> told[0] = sector);
        Inode f = new Inode(7, m1, new RadixNodePool());
        m1.setInode(f);
        f.size = 16384;
        assertThat(m1.sector(0)).isEqualTo(2048);
        assertThat(told[0]).isEqualTo(2048);
        assertThat(m1.sector(3)).isEqualTo(2048 + 24);
        told[0] = -1;
        assertThat(m1.sector(4)).isEqualTo(2048 + 512 * 8 + 4 * 8); // grown past its 4 blocks: page 4 of an extent of its own
        assertThat(told[0]).isEqualTo(2048 + 512 * 8);
    }
}

package io.wbreplay.replay.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Where mke2fs puts the journal. The expected blocks are what mke2fs 1.47.0 did on this machine
 * ({@code truncate -s SIZE img; mkfs.ext4 -q -F img; debugfs -R 'stat <8>' img}: the journal inode's
 * first extent), and what the recordings' jbd2 writes show (2 GiB: sector 2,097,152 = block 262,144;
 * 10 GiB: sector 8,650,752 = block 1,081,344). By hand, get_midpoint_journal_block():
 * <ul>
 * <li>2 GiB, 16 groups: middle block 262,144 is in group 8 (not past the first flex group of 16):
 *     groups 7, 8, 9; 7 and 9 hold superblock backups (powers of 7 and 3), 8 none: group 8, block 262,144.
 * <li>3 GiB, 24 groups: group 12; 11, 12 and 13 hold no backup, all equally free: the first, 11.
 * <li>5 GiB, 40 groups: group 20 is past 16: its flex group's first, 16 (holding the flex group's
 *     bitmaps and inode tables), or 17 (nothing): 17, block 557,056.
 * <li>10 GiB and 8 GiB: group 40 or 32, so 32 against 33: 33, block 1,081,344.
 * <li>20 GiB, 160 groups: group 80 against 81 (= 3^4: a backup of 1 + 3 descriptor + 1,024 reserved
 *     blocks, still more free than 80's 16 x 514): 81, whose first free block is 2,654,208 + 1,028.
 * </ul>
 */
class Ext2fsMkjournalTest {
    private static final long G = 1L << 30;

    @Test
    void journalWhereMke2fsPutIt() {
        assertThat(Ext2fsMkjournal.journalFirstBlock(600L << 20)).isEqualTo(65_536);
        assertThat(Ext2fsMkjournal.journalFirstBlock(G)).isEqualTo(131_072);
        assertThat(Ext2fsMkjournal.journalFirstBlock(2 * G)).isEqualTo(262_144);
        assertThat(Ext2fsMkjournal.journalFirstBlock(3 * G)).isEqualTo(360_448);
        assertThat(Ext2fsMkjournal.journalFirstBlock(5 * G)).isEqualTo(557_056);
        assertThat(Ext2fsMkjournal.journalFirstBlock(8 * G)).isEqualTo(1_081_344);
        assertThat(Ext2fsMkjournal.journalFirstBlock(10 * G)).isEqualTo(1_081_344);
        assertThat(Ext2fsMkjournal.journalFirstBlock(20 * G)).isEqualTo(2_655_236);
        assertThat(Ext2fsMkjournal.journalFirstBlock(100 * G)).isEqualTo(13_139_968);
        assertThat(Ext2fsMkjournal.journalFirstBlock(1024 * G)).isEqualTo(134_250_496);
    }

    /** dumpe2fs "Reserved GDT blocks" of the same file systems: 1 G 127, 2 G 255, 8 G 1023, 10 G and 20 G 1024 (the cap). */
    @Test
    void reservedDescriptorBlocksAsMke2fs() {
        assertThat(reserved(G)).isEqualTo(127);
        assertThat(reserved(2 * G)).isEqualTo(255);
        assertThat(reserved(3 * G)).isEqualTo(383);
        assertThat(reserved(5 * G)).isEqualTo(639);
        assertThat(reserved(8 * G)).isEqualTo(1023);
        assertThat(reserved(10 * G)).isEqualTo(1024);
        assertThat(reserved(20 * G)).isEqualTo(1024);
    }

    @Test
    void sizesOutsideTheDefaultUsageTypeAreRefused() {
        assertThatThrownBy(() -> Ext2fsMkjournal.journalFirstBlock(256L << 20)).hasMessageContaining("512M to 4T");
        assertThatThrownBy(() -> Ext2fsMkjournal.journalFirstBlock(8L << 40)).hasMessageContaining("512M to 4T");
    }

    private static long reserved(long bytes) {
        long blocks = Ext2fsMkjournal.blocks(bytes);
        return Ext2fsMkjournal.reservedGdtBlocks(blocks, Ext2fsMkjournal.groups(blocks));
    }
}

package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Inode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace's files by id, as names in a directory (d_lookup() to an inode): every stream of the run
 * shares it. A file created on first use holds i_count 1 for its name; the block devices of
 * sector-level traces get one inode each (bdget()).
 */
final class FileTable {
    private final Kernel kernel;
    private Inode[] files = new Inode[64];
    private final Map<Integer, Inode> bdevs = new HashMap<>();

    FileTable(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * The file a read, write, truncate, fsync or close of {@code id} acts on: through the open file, an
     * unlinked file still open is still this id's; one already evicted is gone, and a new file takes the id.
     */
    Inode file(int id) {
        Inode i = existingFile(id);
        return i == null ? newFile(id) : i;
    }

    /** The file OPEN of {@code id} opens: an unlinked name no longer leads to the old inode, so a new file. */
    Inode openFile(int id) {
        Inode i = existingFile(id);
        return i == null || i.unlinked() ? newFile(id) : i;
    }

    /** The inode of {@code id}, or null when none or it has been evicted. */
    Inode existingFile(int id) {
        Inode i = id < files.length ? files[id] : null;
        return i == null || i.has(Inode.I_FREEING | Inode.I_CLEAR) ? null : i;
    }

    private Inode newFile(int id) {
        if (id >= files.length) {
            files = Arrays.copyOf(files, Math.max(id + 1, files.length * 2));
        }
        Inode i = kernel.newFileInode();
        files[id] = i;
        return i;
    }

    /** The block-device inode of {@code device}. */
    Inode bdev(int device) {
        return bdevs.computeIfAbsent(device, d -> kernel.newBdevInode());
    }
}

package io.wbreplay.traces.blktrace;

/**
 * Command names by pid, as blkparse's process_pid_map keeps them: the first name recorded for a pid
 * wins. An open-addressing table of primitive keys, so looking a pid up on every record allocates nothing.
 */
public final class PidNames {
    private int[] pids = new int[64];
    private String[] names = new String[64];
    private int size;

    /** The name of {@code pid}, or null. */
    public String get(int pid) {
        int i = slot(pid);
        return names[i];
    }

    public boolean contains(int pid) {
        return names[slot(pid)] != null;
    }

    /** Records {@code name} for {@code pid} unless the pid already has one. */
    public void putIfAbsent(int pid, String name) {
        int i = slot(pid);
        if (names[i] != null) {
            return;
        }
        pids[i] = pid;
        names[i] = name;
        if (++size * 2 > pids.length) {
            grow();
        }
    }

    /** Records {@code name} for {@code pid}, replacing any earlier name. */
    void put(int pid, String name) {
        int i = slot(pid);
        if (names[i] == null) {
            pids[i] = pid;
            names[i] = name;
            if (++size * 2 > pids.length) {
                grow();
            }
        } else {
            names[i] = name;
        }
    }

    private int slot(int pid) {
        int mask = pids.length - 1;
        int h = pid * 0x9E3779B9;
        int i = (h ^ h >>> 16) & mask;
        while (names[i] != null && pids[i] != pid) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        int[] oldPids = pids;
        String[] oldNames = names;
        pids = new int[oldPids.length * 2];
        names = new String[oldPids.length * 2];
        for (int j = 0; j < oldPids.length; j++) {
            if (oldNames[j] != null) {
                int i = slot(oldPids[j]);
                pids[i] = oldPids[j];
                names[i] = oldNames[j];
            }
        }
    }
}

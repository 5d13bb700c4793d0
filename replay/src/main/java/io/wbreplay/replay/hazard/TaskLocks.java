package io.wbreplay.replay.hazard;

import io.wbreplay.replay.sim.Task;
import java.util.Arrays;

/** What one task holds as the checker sees it: page locks, other lock classes, inode references, and its wait. */
final class TaskLocks {
    final Task task;
    /** The checker's number for the task, from 1 (0 stands for no holder). */
    final int id;
    int[] pages = new int[4];
    int nPages;
    /** How many locks of each non-page class are held. */
    final int[] classes = new int[LockClass.values().length];
    int[] refs = new int[4];
    int nRefs;
    /** The page whose lock the task sleeps for, or -1. */
    int waitingPage = -1;
    /** Sleeping in an allocation retry: it waits for memory that reclaim must free. */
    boolean waitingForMemory;
    /** Nesting depth of reclaim passes (PF_MEMALLOC). */
    int reclaimDepth;

    TaskLocks(Task task, int id) {
        this.task = task;
        this.id = id;
    }

    void addPage(int page) {
        if (nPages == pages.length) {
            pages = Arrays.copyOf(pages, nPages * 2);
        }
        pages[nPages++] = page;
    }

    void removePage(int page) {
        for (int i = nPages - 1; i >= 0; i--) {
            if (pages[i] == page) {
                pages[i] = pages[--nPages];
                return;
            }
        }
    }

    void addRef(int ino) {
        if (nRefs == refs.length) {
            refs = Arrays.copyOf(refs, nRefs * 2);
        }
        refs[nRefs++] = ino;
    }

    void removeRef(int ino) {
        for (int i = nRefs - 1; i >= 0; i--) {
            if (refs[i] == ino) {
                refs[i] = refs[--nRefs];
                return;
            }
        }
    }

    boolean hasRef(int ino) {
        for (int i = 0; i < nRefs; i++) {
            if (refs[i] == ino) {
                return true;
            }
        }
        return false;
    }

    /** True when nothing but page locks might be held (the common case, checked first). */
    boolean holdsNoOtherClass() {
        for (int c : classes) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }
}

package io.wbreplay.traces.stats;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import java.util.Arrays;

/**
 * btt's seek statistics, per device: the Q2Q table (distances between consecutive queued I/Os) and the
 * D2D table (between consecutive dispatches), fed event by event in trace order. On the same events the
 * summaries equal what {@code btt} prints in its "Device Q2Q/D2D Seek Information" sections.
 *
 * <p>As in btt, events with zero bytes (flushes) are ignored (btt/trace_queue.c, trace_issue.c), and
 * every other Q and D counts, whatever its direction and even if the same sector is queued again before
 * it completes (checked against btt 2.09 from blktrace 1.2.0). Completions play no part.
 */
public final class BttSeekStats {
    private int[] devices = new int[0];
    private Device[] state = new Device[0];
    private int last = -1;

    /** A Q (queue) event. */
    public void queue(int device, long sector, long bytes) {
        if (bytes == 0) {
            return;
        }
        Device d = device(device);
        if (d.d2d == d.q2q) {
            throw new IllegalStateException("device " + device + " is fed by queueAndIssue()");
        }
        d.q2q.add(sector, bytes);
    }

    /**
     * An I/O that counts as both its Q and its D (a file-level record): the two tables of its device
     * would receive the same distances, so the device keeps one table that serves as both. A device
     * fed this way must not also get separate {@link #queue} or {@link #issue} calls.
     */
    public void queueAndIssue(int device, long sector, long bytes) {
        if (bytes == 0) {
            return;
        }
        Device d = device(device);
        if (d.d2d != d.q2q) {
            if (d.q2q.nseeks() > 0 || d.d2d.nseeks() > 0) {
                throw new IllegalStateException("device " + device + " already has separate Q and D events");
            }
            d.d2d = d.q2q;
        }
        d.q2q.add(sector, bytes);
    }

    /** A D (issue, dispatch) event; returns its signed D2D seek distance (0 for an ignored empty one). */
    public long issue(int device, long sector, long bytes) {
        if (bytes == 0) {
            return 0;
        }
        Device d = device(device);
        if (d.d2d == d.q2q) {
            throw new IllegalStateException("device " + device + " is fed by queueAndIssue()");
        }
        return d.d2d.add(sector, bytes);
    }

    /** Feeds a sector-level Q or D record; other kinds and file-level records are ignored. */
    public void add(IoRecord r) {
        if (r.isFileLevel()) {
            return;
        }
        if (r.kind == EventKind.QUEUE) {
            queue(r.device, r.sector, r.bytes);
        } else if (r.kind == EventKind.ISSUE) {
            issue(r.device, r.sector, r.bytes);
        }
    }

    /** The devices seen, in ascending order of their number ({@code major << 20 | minor}). */
    public int[] devices() {
        int[] sorted = devices.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    /** The Q2Q table of {@code device} (empty if the device was never seen). */
    public SeekSummary q2q(int device) {
        int i = indexOf(device);
        return i < 0 ? SeekSummary.EMPTY : state[i].q2q.summary();
    }

    /** The D2D table of {@code device} (empty if the device was never seen). */
    public SeekSummary d2d(int device) {
        int i = indexOf(device);
        return i < 0 ? SeekSummary.EMPTY : state[i].d2d.summary();
    }

    private int indexOf(int device) {
        for (int i = 0; i < devices.length; i++) {
            if (devices[i] == device) {
                return i;
            }
        }
        return -1;
    }

    private Device device(int device) {
        if (last >= 0 && devices[last] == device) {
            return state[last];
        }
        int i = indexOf(device);
        if (i < 0) {
            i = devices.length;
            devices = Arrays.copyOf(devices, i + 1);
            state = Arrays.copyOf(state, i + 1);
            devices[i] = device;
            state[i] = new Device();
        }
        last = i;
        return state[i];
    }

    /** btt's {@code struct d_info}, the part the seek tables need. */
    private static final class Device {
        final SeekTable q2q = new SeekTable();
        /** The same object as {@code q2q} for a device fed by {@link #queueAndIssue}. */
        SeekTable d2d = new SeekTable();
    }
}

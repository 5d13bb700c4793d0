package io.wbreplay.traces;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One trace spread over several files of one format (per-volume MSR files, per-CPU blktrace files, a
 * directory or a glob), read as one: records merged by time with a small heap (ties go to the earlier
 * file, so the order is stable). Each file's times are put on a common clock with
 * {@link TraceReader#originNs()}, so files that started at different moments keep their offsets; the
 * merged times count from the earliest record of all files. File ids are renumbered by file name, so
 * a name shared by two files is one file.
 */
public final class MultiTraceReader implements TraceReader {
    private final List<TraceReader> readers;
    private final IoRecord[] heads;
    private final long[] absolute;
    private final TimeMergeHeap heap;
    private final long genesis;
    private int pending = -1;
    private final Map<String, Integer> fileIds = new HashMap<>();
    private final List<String> fileNames = new ArrayList<>();
    /** Per reader, its file id to the merged id (grown as ids appear). */
    private final int[][] fileMap;

    public MultiTraceReader(List<TraceReader> readers) throws IOException {
        this.readers = readers;
        int n = readers.size();
        heads = new IoRecord[n];
        absolute = new long[n];
        heap = new TimeMergeHeap(n);
        fileMap = new int[n][];
        long first = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            heads[i] = new IoRecord();
            fileMap[i] = new int[0];
            if (advance(i)) {
                first = Math.min(first, absolute[i]);
                heap.add(i, absolute[i]);
            }
        }
        genesis = heap.isEmpty() ? 0 : first;
        heap.heapify();
    }

    private boolean advance(int i) throws IOException {
        if (!readers.get(i).next(heads[i])) {
            return false;
        }
        absolute[i] = saturatedAdd(readers.get(i).originNs(), heads[i].timeNs);
        return true;
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }

    @Override
    public boolean next(IoRecord into) throws IOException {
        if (pending >= 0) {
            if (advance(pending)) {
                heap.updateTop(absolute[pending]);
            } else {
                heap.removeTop();
            }
            pending = -1;
        }
        if (heap.isEmpty()) {
            return false;
        }
        int i = heap.top();
        into.set(heads[i]);
        into.timeNs = absolute[i] - genesis;
        if (into.isFileLevel()) {
            into.file = mergedFile(i, into.file);
        }
        pending = i;
        return true;
    }

    private int mergedFile(int reader, int file) {
        int[] map = fileMap[reader];
        if (file < map.length && map[file] > 0) {
            return map[file] - 1;
        }
        String name = readers.get(reader).fileName(file);
        String key = name != null ? name : "#" + reader + ":" + file;
        Integer id = fileIds.get(key);
        if (id == null) {
            id = fileNames.size();
            fileIds.put(key, id);
            fileNames.add(name);
        }
        if (file >= map.length) {
            map = java.util.Arrays.copyOf(map, Math.max(file + 1, map.length * 2));
            fileMap[reader] = map;
        }
        map[file] = id + 1;
        return id;
    }

    @Override
    public long skipped() {
        long n = 0;
        for (TraceReader r : readers) {
            n += r.skipped();
        }
        return n;
    }

    @Override
    public String skippedSummary() {
        for (TraceReader r : readers) {
            String s = r.skippedSummary();
            if (s != null) {
                long total = skipped();
                return total == r.skipped() ? s : s + " (" + total + " in all files)";
            }
        }
        return null;
    }

    @Override
    public long ignored() {
        long n = 0;
        for (TraceReader r : readers) {
            n += r.ignored();
        }
        return n;
    }

    @Override
    public String fileName(int file) {
        return file >= 0 && file < fileNames.size() ? fileNames.get(file) : null;
    }

    @Override
    public String processName(int pid) {
        for (TraceReader r : readers) {
            String name = r.processName(pid);
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    @Override
    public boolean namesProcesses() {
        return readers.stream().anyMatch(TraceReader::namesProcesses);
    }

    @Override
    public boolean worthReadingAhead() {
        return readers.stream().anyMatch(TraceReader::worthReadingAhead);
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (TraceReader r : readers) {
            try {
                r.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

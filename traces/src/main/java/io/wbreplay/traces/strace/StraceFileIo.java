package io.wbreplay.traces.strace;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.TraceWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program's file I/O system calls, as {@code strace -ff -ttt -y -s 0 -o PREFIX} writes them (one file
 * per thread, {@code PREFIX.TID}), turned into file-level records: open/openat/creat, read/write and their
 * p- variants, lseek, fsync/fdatasync, ftruncate, unlink/unlinkat and close, with the offsets of read and
 * write resolved from each descriptor's position. Only files under the given directories (the recorded
 * device's mount points) are kept; failed calls are left out.
 */
public final class StraceFileIo {
    /** The system calls {@code strace -e trace=} is given. */
    public static final String SYSCALLS = "open,openat,creat,read,write,pread64,pwrite64,lseek,fsync,fdatasync,ftruncate,unlink,unlinkat,close";

    // 1796406682.214949 pwrite64(7</tmp/v2s/a.0.0>, ""..., 65536, 0) = 65536
    private static final Pattern CALL = Pattern.compile("^(\\d+)\\.(\\d{6}) (\\w+)\\((.*)\\) += (-?\\d+)(?:<(.*)>)?(?: .*)?$");
    private static final Pattern FD = Pattern.compile("^(\\d+)<(.*)>$");
    private static final Pattern DIR_FD = Pattern.compile("^[^<]*<(.*)>$");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<String> roots;
    private final java.util.Set<String> ignoredPaths = new java.util.HashSet<>();
    private final List<Rec> records = new ArrayList<>();
    private final Map<String, Long> sizes = new HashMap<>();
    private long lines;
    private long ignored;

    private record Rec(long timeNs, int pid, Operation op, String path, long offset, long bytes) {
    }

    private static final class Fd {
        final String path;
        long pos;

        Fd(String path, long pos) {
            this.path = path;
            this.pos = pos;
        }
    }

    /** @param roots directories whose files are kept (absolute, without a trailing slash but "/") */
    public StraceFileIo(List<String> roots) {
        this.roots = roots;
    }

    /** Reads the strace files starting with {@code prefix + "."} in {@code dir}, the pid being the suffix. */
    public StraceFileIo readAll(Path dir, String prefix) throws IOException {
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches(Pattern.quote(prefix) + "\\.\\d+")).sorted().toList();
        }
        for (Path f : files) {
            String n = f.getFileName().toString();
            read(f, Integer.parseInt(n.substring(n.lastIndexOf('.') + 1)));
        }
        return this;
    }

    /** Reads one thread's strace output. */
    public void read(Path file, int pid) throws IOException {
        Map<Integer, Fd> fds = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                if (!call(line, pid, fds)) {
                    ignored++;
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException(file + ": not strace text (not UTF-8)");
        }
    }

    private boolean call(String line, int pid, Map<Integer, Fd> fds) {
        Matcher m = CALL.matcher(line);
        if (!m.matches()) {
            return false; // signals, exits, resumed or unfinished calls
        }
        long t = Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2)) * 1000;
        String name = m.group(3);
        List<String> args = split(m.group(4));
        long ret = Long.parseLong(m.group(5));
        if (ret < 0) {
            return false;
        }
        switch (name) {
            case "open", "openat", "creat" -> {
                String path = m.group(6);
                if (path == null || !kept(path)) {
                    return false;
                }
                String flags = name.equals("creat") ? "O_TRUNC" : args.size() > (name.equals("open") ? 1 : 2)
                        ? args.get(name.equals("open") ? 1 : 2) : "";
                fds.put((int) ret, new Fd(path, flags.contains("O_APPEND") ? sizes.getOrDefault(path, 0L) : 0));
                add(t, pid, Operation.OPEN, path, 0, 0);
                if (flags.contains("O_TRUNC")) {
                    add(t, pid, Operation.TRUNCATE, path, 0, 0);
                }
                return true;
            }
            case "unlink", "unlinkat" -> {
                String path = unquote(args.get(name.equals("unlink") ? 0 : 1));
                if (!path.startsWith("/") && name.equals("unlinkat")) {
                    Matcher d = DIR_FD.matcher(args.get(0));
                    path = d.matches() ? d.group(1) + "/" + path : path;
                }
                if (!path.startsWith("/") || !kept(path)) { // relative to an unknown directory: left out
                    return false;
                }
                sizes.remove(path);
                add(t, pid, Operation.UNLINK, path, 0, 0);
                return true;
            }
            default -> {
                if (args.isEmpty()) {
                    return false;
                }
                Matcher d = FD.matcher(args.get(0));
                if (!d.matches() || !kept(d.group(2))) {
                    return false;
                }
                int fd = Integer.parseInt(d.group(1));
                String path = d.group(2);
                Fd f = fds.computeIfAbsent(fd, k -> new Fd(path, 0)); // opened before the trace: position unknown, 0
                switch (name) {
                    case "read", "write" -> {
                        if (ret > 0) {
                            add(t, pid, name.equals("read") ? Operation.READ : Operation.WRITE, path, f.pos, ret);
                            f.pos += ret;
                        }
                    }
                    case "pread64", "pwrite64" -> {
                        if (ret > 0) {
                            add(t, pid, name.equals("pread64") ? Operation.READ : Operation.WRITE, path, Long.parseLong(args.get(3)), ret);
                        }
                    }
                    case "lseek" -> f.pos = ret;
                    case "fsync", "fdatasync" -> add(t, pid, Operation.FSYNC, path, 0, 0);
                    case "ftruncate" -> {
                        long len = Long.parseLong(args.get(1));
                        sizes.put(path, len);
                        add(t, pid, Operation.TRUNCATE, path, len, 0);
                    }
                    case "close" -> {
                        fds.remove(fd);
                        add(t, pid, Operation.CLOSE, path, 0, 0);
                    }
                    default -> {
                        return false;
                    }
                }
                return true;
            }
        }
    }

    private void add(long t, int pid, Operation op, String path, long offset, long bytes) {
        if (op == Operation.WRITE) {
            sizes.merge(path, offset + bytes, Math::max);
        }
        records.add(new Rec(t, pid, op, path, offset, bytes));
    }

    /** Leaves {@code path}'s calls out even under a root (the recorder's own file, written by its wrapper). */
    public StraceFileIo ignoring(String path) {
        ignoredPaths.add(path);
        return this;
    }

    private boolean kept(String path) {
        if (ignoredPaths.contains(path)) {
            return false;
        }
        for (String r : roots) {
            if (r.equals("/") || path.equals(r) || path.startsWith(r + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The arguments of a call, split at the commas outside quotes, braces and brackets. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{' || c == '[' || c == '(' || c == '<') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')' || c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start).trim());
        }
        return out;
    }

    private static String unquote(String s) {
        Matcher q = QUOTED.matcher(s);
        return q.lookingAt() ? q.group(1) : s;
    }

    /** Lines read. */
    public long lines() {
        return lines;
    }

    /** Lines that were not a kept, successful file I/O call. */
    public long ignored() {
        return ignored;
    }

    /** The time of the first record kept, in ns since the epoch (strace -ttt's wall clock), or -1 if none. */
    public long firstTimeNs() {
        return records.stream().mapToLong(Rec::timeNs).min().orElse(-1);
    }

    /** File-level records kept. */
    public int records() {
        return records.size();
    }

    /**
     * Writes the records in time order (ties: lower pid first, then as read), times from the first one,
     * file ids in order of first appearance; returns the number written.
     */
    public long writeTo(TraceWriter w) throws IOException {
        List<Rec> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(Rec::timeNs).thenComparingInt(Rec::pid));
        Map<String, Integer> ids = new LinkedHashMap<>();
        long first = sorted.isEmpty() ? 0 : sorted.get(0).timeNs();
        IoRecord r = new IoRecord();
        for (Rec x : sorted) {
            Integer id = ids.get(x.path());
            if (id == null) {
                id = ids.size();
                ids.put(x.path(), id);
                w.fileName(id, x.path());
            }
            r.clear();
            r.timeNs = x.timeNs() - first;
            r.kind = EventKind.FILE_OP;
            r.op = x.op();
            r.pid = x.pid();
            r.file = id;
            r.offset = x.offset();
            r.bytes = x.bytes();
            w.write(r);
        }
        return sorted.size();
    }
}

package io.wbreplay.traces.blktrace;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * blktrace's file naming: a trace {@code NAME} is the per-CPU files {@code NAME.blktrace.0},
 * {@code NAME.blktrace.1}, ... (blkparse's setup_file() looks for them up to the first missing number).
 */
final class BlktraceFiles {
    private static final String INFIX = ".blktrace.";

    private BlktraceFiles() {
    }

    /** {@code NAME.blktrace.CPU}. */
    static Path cpuFile(Path name, int cpu) {
        return name.resolveSibling(name.getFileName() + INFIX + cpu);
    }

    /**
     * The files to read for {@code path}: the file itself if it exists (one CPU's file, or a
     * {@code blkparse -d} dump), else all of {@code path}'s per-CPU files.
     */
    static List<Path> resolve(Path path) throws IOException {
        if (Files.exists(path)) {
            return List.of(path);
        }
        List<Path> files = perCpuFiles(path);
        if (files.isEmpty()) {
            throw new NoSuchFileException(path.toString(), null, "not found, nor " + cpuFile(path, 0).getFileName() + ", .1, ...");
        }
        return files;
    }

    /**
     * Every {@code NAME.blktrace.N} beside {@code name}, by N. blkparse stops at the first missing N;
     * here a gap (a CPU file someone removed) hides nothing.
     */
    static List<Path> perCpuFiles(Path name) throws IOException {
        Path dir = name.toAbsolutePath().getParent();
        String prefix = name.getFileName() + INFIX;
        TreeMap<Integer, Path> byCpu = new TreeMap<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                int cpu = cpuNumber(p.getFileName().toString(), prefix);
                if (cpu >= 0) {
                    byCpu.put(cpu, cpuFile(name, cpu));
                }
            }
        }
        return new ArrayList<>(byCpu.values());
    }

    /** N of a file named {@code PREFIX + N}, or -1. */
    private static int cpuNumber(String fileName, String prefix) {
        int digits = fileName.length() - prefix.length();
        if (!fileName.startsWith(prefix) || digits < 1 || digits > 6) {
            return -1;
        }
        for (int i = prefix.length(); i < fileName.length(); i++) {
            if (!Character.isDigit(fileName.charAt(i))) {
                return -1;
            }
        }
        int cpu = Integer.parseInt(fileName.substring(prefix.length()));
        return fileName.equals(prefix + cpu) ? cpu : -1; // "07" is not CPU 7's file
    }

    /** {@code name} without a trailing {@code .blktrace.N}, as blkparse's name_fixup() strips it. */
    static Path baseName(Path name) {
        String s = name.getFileName().toString();
        int i = s.lastIndexOf(INFIX);
        if (i > 0 && i + INFIX.length() < s.length() && s.substring(i + INFIX.length()).chars().allMatch(Character::isDigit)) {
            return name.resolveSibling(s.substring(0, i));
        }
        return name;
    }
}

package io.wbreplay.traces.blktrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * blktrace's file naming: a trace {@code NAME} is the per-CPU files {@code NAME.blktrace.0},
 * {@code NAME.blktrace.1}, ... up to the first missing number, as blkparse's setup_file() finds them.
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
        List<Path> files = new ArrayList<>();
        for (int cpu = 0; Files.exists(cpuFile(path, cpu)); cpu++) {
            files.add(cpuFile(path, cpu));
        }
        if (files.isEmpty()) {
            throw new NoSuchFileException(path.toString(), null, "no such file (nor " + cpuFile(path, 0).getFileName() + ")");
        }
        return files;
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

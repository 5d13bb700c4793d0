package io.wbreplay.traces;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a trace argument names: a file; a directory (its files, by name, hidden and empty ones
 * left out); or a glob in the last part of the path such as {@code traces/msr/src1_*.csv.gz} (quoted,
 * so that the shell leaves it alone), its matches by name.
 */
public final class TraceFiles {
    private TraceFiles() {
    }

    public static List<Path> of(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> files = list(path, p -> true);
            if (files.isEmpty()) {
                throw new NoSuchFileException(path.toString(), null, "the directory holds no non-empty trace files");
            }
            return files;
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (Files.exists(path) || !isGlob(name)) {
            return List.of(path);
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(path.toString(), null, "no such directory for the pattern");
        }
        PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + name);
        List<Path> files = list(dir, p -> matcher.matches(p.getFileName()));
        if (files.isEmpty()) {
            throw new NoSuchFileException(path.toString(), null, "no non-empty file matches the pattern");
        }
        List<Path> named = new ArrayList<>();
        for (Path f : files) {
            named.add(path.resolveSibling(f.getFileName()));
        }
        return named;
    }

    private static boolean isGlob(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0 || name.indexOf('{') >= 0;
    }

    private static List<Path> list(Path dir, DirectoryStream.Filter<Path> filter) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, filter)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p) && Files.size(p) > 0) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files;
    }
}

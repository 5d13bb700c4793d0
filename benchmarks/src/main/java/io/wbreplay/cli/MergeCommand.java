package io.wbreplay.cli;

import io.wbreplay.reports.build.ReportBuilder;
import io.wbreplay.reports.ReportInfo;
import io.wbreplay.reports.SweepRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wbreplay merge -o OUT SHARD...}: joins the report directories of a sharded sweep into one report. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Join the report directories written by 'wbreplay compare --shard K/N' into one report.",
                "Cells are copied into OUT and ordered as in the whole sweep; charts and index.html are rebuilt.",
                "Every shard must come from one sweep (same command apart from --shard, configuration, seed and"
                        + " baseline) and one tool version, and shards 1 to N must all be there; --allow-partial"
                        + " merges a partial set or other tool versions. OUT appears only when the merge succeeds."})
final class MergeCommand implements Callable<Integer> {
    private static final Pattern SHARD = Pattern.compile(" --shard (\\d+)/(\\d+)");

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT", description = "The merged report directory (created).")
    Path out;

    @Option(names = "--allow-partial", description = "Merge an incomplete set of shards, or shards of other tool versions.")
    boolean allowPartial;

    @Parameters(arity = "1..*", paramLabel = "SHARD", description = "Report directories of the shards.")
    List<Path> shards;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !isEmptyDirectory(out)) {
            throw new IOException(out + ": already exists; merge writes a new directory");
        }
        List<ReportInfo> infos = new ArrayList<>();
        for (Path shard : shards) {
            infos.add(ReportInfo.read(shard));
        }
        check(infos);
        for (int i = 0; i < shards.size(); i++) {
            ReportCommand.checkCells(shards.get(i), infos.get(i)); // a broken cell fails before anything is copied
        }
        Path temp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".merging");
        deleteTree(temp); // left by a merge that was killed
        try {
            List<ReportInfo.CellEntry> cells = new ArrayList<>();
            for (int i = 0; i < shards.size(); i++) {
                for (ReportInfo.CellEntry c : infos.get(i).cells()) {
                    copyTree(shards.get(i).resolve(c.dir()), temp.resolve(c.dir()));
                    cells.add(c);
                }
            }
            cells.sort(Comparator.comparingInt(ReportInfo.CellEntry::index));
            ReportInfo first = infos.get(0);
            ReportInfo merged = new ReportInfo(first.title(), first.version(), first.commit(),
                    first.command().replaceAll(SHARD.pattern(), ""), first.seed(), first.baseline(), first.runs(),
                    first.variation(), first.sweep(), first.configuration(), cells);
            merged.write(temp);
            ReportBuilder.build(temp, merged, null);
            if (Files.exists(out)) {
                Files.delete(out); // an empty directory
            }
            Files.move(temp, out);
            System.out.println("merged " + cells.size() + " cells from " + shards.size() + " shards");
            System.out.println("report: " + out.resolve("index.html").toAbsolutePath());
        } catch (IOException e) {
            deleteTree(temp);
            throw new IOException(shardPaths(e.getMessage(), temp, infos), e);
        } catch (RuntimeException e) {
            deleteTree(temp);
            throw e;
        }
        return 0;
    }

    /** Refuses shards of different sweeps, a cell twice, and (unless --allow-partial) a missing shard or another version. */
    private void check(List<ReportInfo> infos) throws IOException {
        ReportInfo first = infos.get(0);
        String sweep = sweepCommand(first.command());
        Set<Integer> cellIndexes = new HashSet<>();
        Set<Integer> shardNumbers = new TreeSet<>();
        int of = -1;
        for (int i = 0; i < infos.size(); i++) {
            ReportInfo info = infos.get(i);
            Path shard = shards.get(i);
            if (!sweepCommand(info.command()).equals(sweep) || !info.baseline().equals(first.baseline())
                    || info.seed() != first.seed() || !sweepOnly(info).equals(sweepOnly(first))) {
                throw new IOException(shard + ": its sweep ('" + info.command() + "') differs from " + shards.get(0)
                        + "'s ('" + first.command() + "'); these are not shards of one sweep");
            }
            String version = info.configuration().getOrDefault(CompareCommand.TOOL, "unknown");
            String firstVersion = first.configuration().getOrDefault(CompareCommand.TOOL, "unknown");
            if (!version.equals(firstVersion) && !allowPartial) {
                throw new IOException(shard + ": made by " + version + ", " + shards.get(0) + " by " + firstVersion
                        + "; merge shards of one version (or pass --allow-partial)");
            }
            for (ReportInfo.CellEntry c : info.cells()) {
                if (!cellIndexes.add(c.index())) {
                    throw new IOException(shard + ": cell " + c.index() + " is also in another shard");
                }
            }
            Matcher m = SHARD.matcher(info.command());
            if (!m.find()) {
                if (infos.size() > 1) {
                    throw new IOException(shard + ": not a shard (its command has no --shard K/N): " + info.command());
                }
                continue;
            }
            int k = Integer.parseInt(m.group(1));
            int n = Integer.parseInt(m.group(2));
            if (of >= 0 && n != of) {
                throw new IOException(shard + ": shard " + k + "/" + n + " is not one of " + of + " shards like " + shards.get(0));
            }
            of = n;
            if (!shardNumbers.add(k)) {
                throw new IOException(shard + ": shard " + k + "/" + n + " is given twice");
            }
        }
        if (of > 0 && shardNumbers.size() < of && !allowPartial) {
            List<Integer> missing = new ArrayList<>();
            for (int k = 1; k <= of; k++) {
                if (!shardNumbers.contains(k)) {
                    missing.add(k);
                }
            }
            throw new IOException("shard(s) " + missing.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " of "
                    + of + " missing: the merged report would lack their cells (pass --allow-partial to merge what is there)");
        }
    }

    /** A shard's command without what differs between shards of one sweep: --shard, the output, the threads. */
    private static String sweepCommand(String command) {
        return command.replaceAll(SHARD.pattern(), "").replaceAll(" (-o|--out|-j|--jobs)[ =]\\S+", "");
    }

    /** {@code message} with the cells under the merge's temporary directory named in their shards instead. */
    private String shardPaths(String message, Path temp, List<ReportInfo> infos) {
        String m = message == null ? "" : message;
        for (int i = 0; i < infos.size(); i++) {
            for (ReportInfo.CellEntry c : infos.get(i).cells()) {
                m = m.replace(temp.resolve(c.dir()).toString(), shards.get(i).resolve(c.dir()).toString());
            }
        }
        return m.replace(temp.toString(), out.toString());
    }

    /** The configuration without the tool version (compared separately). */
    private static Map<String, String> sweepOnly(ReportInfo info) {
        Map<String, String> c = new LinkedHashMap<>(info.configuration());
        c.remove(CompareCommand.TOOL);
        return c;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        SweepRunner.deleteTree(dir);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}

package io.wbreplay.cli;

import io.wbreplay.reports.ReportBuilder;
import io.wbreplay.reports.ReportInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wbreplay merge -o OUT SHARD...}: joins the report directories of a sharded sweep into one report. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Join the report directories written by 'wbreplay compare --shard K/N' into one report.",
                "Cells are copied into OUT and ordered as in the whole sweep; charts and index.html are rebuilt."})
final class MergeCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT", description = "The merged report directory (created).")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "SHARD", description = "Report directories of the shards.")
    List<Path> shards;

    @Override
    public Integer call() throws Exception {
        List<ReportInfo.CellEntry> cells = new ArrayList<>();
        ReportInfo first = null;
        for (Path shard : shards) {
            ReportInfo info = ReportInfo.read(shard);
            if (first == null) {
                first = info;
            } else if (!first.baseline().equals(info.baseline()) || first.seed() != info.seed()) {
                throw new IOException(shard + ": baseline or seed differs from " + shards.get(0) + "; these are not shards of one sweep");
            }
            for (ReportInfo.CellEntry c : info.cells()) {
                if (cells.stream().anyMatch(e -> e.index() == c.index())) {
                    throw new IOException(shard + ": cell " + c.index() + " is also in another shard");
                }
                copyTree(shard.resolve(c.dir()), out.resolve(c.dir()));
                cells.add(c);
            }
        }
        cells.sort(Comparator.comparingInt(ReportInfo.CellEntry::index));
        ReportInfo merged = new ReportInfo(first.title(), first.version(), first.commit(),
                first.command().replaceAll(" --shard \\S+", ""), first.seed(), first.baseline(), first.runs(),
                first.variation(), first.sweep(), first.configuration(), cells);
        merged.write(out);
        Path index = ReportBuilder.build(out, merged, null);
        System.out.println("merged " + cells.size() + " cells from " + shards.size() + " shards");
        System.out.println("report: " + index.toAbsolutePath());
        return 0;
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

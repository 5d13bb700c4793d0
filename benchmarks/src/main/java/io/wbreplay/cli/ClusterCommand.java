package io.wbreplay.cli;

import io.wbreplay.reports.Sweep;
import io.wbreplay.traces.AtomicOutput;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wbreplay cluster ...}: run a sweep on a batch scheduler. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run a sweep on a batch scheduler.", subcommands = ClusterCommand.Slurm.class)
final class ClusterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code wbreplay cluster slurm SWEEP -o DIR}: a job array of compare slices and a merge job after it. */
    @Command(name = "slurm", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Write a Slurm job array that runs the sweep in slices (compare --shard auto) into DIR/shards/, "
                    + "and a merge job that joins them into DIR/report once every task has succeeded "
                    + "(sbatch --dependency=afterok); --submit submits both with sbatch.",
                    "Options after -- are given to every 'wbreplay compare' (e.g. -- --runs 5 --seed 7). The jobs run in "
                    + "this directory (relative paths in the sweep stay right) with this Java and wbreplay; $JAVA set "
                    + "when a job runs replaces the Java. Slices are resumable: submitting again after a failure or a "
                    + "time limit reruns only the unfinished cells."})
    static final class Slurm implements Callable<Integer> {
        /** Slurm's default MaxArraySize is 1001: array indexes 0 to 1000. */
        static final int MAX_TASKS = 1000;

        @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep file (see 'wbreplay compare --help').")
        Path sweepFile;

        @Parameters(index = "1..*", paramLabel = "COMPARE-OPTION", description = "More compare options, after --.")
        List<String> compareOptions = new ArrayList<>();

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
                description = "Where the scripts, the slices (DIR/shards/), the logs (DIR/logs/) and the report (DIR/report/) go.")
        Path out;

        @Option(names = "--tasks", paramLabel = "N", description = "Array tasks, each a slice of the sweep (default: one per "
                + "cell, at most " + MAX_TASKS + ").")
        Integer tasks;

        @Option(names = "--cpus-per-task", paramLabel = "C", defaultValue = "1",
                description = "Cores of each task; its cells run on all of them (default: ${DEFAULT-VALUE}).")
        int cpus;

        @Option(names = "--partition", paramLabel = "P", description = "Slurm partition (default: the cluster's).")
        String partition;

        @Option(names = "--time", paramLabel = "T", description = "Time limit of each task, e.g. 2:00:00 (default: the partition's).")
        String time;

        @Option(names = "--sbatch", paramLabel = "OPT", description = "Another sbatch option for both jobs, e.g. --sbatch=--mem=8G "
                + "--sbatch=--account=lab (repeatable).")
        List<String> sbatchOptions = new ArrayList<>();

        @Option(names = "--submit", description = "Submit both jobs with sbatch and print their ids.")
        boolean submit;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        static final String SWEEP_SCRIPT = "sweep.sbatch";
        static final String MERGE_SCRIPT = "merge.sbatch";

        @Override
        public Integer call() throws Exception {
            for (String o : compareOptions) {
                if (o.equals("-o") || o.startsWith("--out") || o.startsWith("--shard") || o.equals("-j") || o.startsWith("--jobs")) {
                    throw new IllegalArgumentException("compare option '" + o + "': cluster slurm sets it (-o, --shard, -j)");
                }
            }
            Path dir = out.toAbsolutePath().normalize();
            Path sweep = sweepFile.toAbsolutePath().normalize();
            List<String> compare = new ArrayList<>(List.of("compare", "--sweep", sweep.toString()));
            compare.addAll(compareOptions);
            int cells = cells(compare);
            int n = tasks != null ? tasks : Math.min(cells, MAX_TASKS);
            if (n < 1 || n > cells) {
                throw new IllegalArgumentException("--tasks " + n + ": the sweep has " + cells + " cell(s); give 1 to " + cells);
            }
            if (cpus < 1) {
                throw new IllegalArgumentException("--cpus-per-task must be at least 1, not " + cpus);
            }
            Files.createDirectories(dir.resolve("logs"));
            String java = ProcessHandle.current().info().command().orElse("java");
            String wbreplay = "\"${JAVA:-" + java.replace("\"", "") + "}\" ${JAVA_OPTS:-} -cp " + quote(classPath()) + " "
                    + Main.class.getName();
            String header = "#!/bin/bash\n# Written by 'wbreplay cluster slurm " + sweepFile + "': "
                    + cells + " cells of " + sweep + " in " + n + " slices.\n";
            StringBuilder array = new StringBuilder(header)
                    .append("#SBATCH --job-name=wbreplay-sweep\n")
                    .append("#SBATCH --array=0-").append(n - 1).append('\n')
                    .append("#SBATCH --cpus-per-task=").append(cpus).append('\n')
                    .append("#SBATCH --output=").append(dir.resolve("logs")).append("/sweep-%a.out\n");
            common(array);
            array.append("set -euo pipefail\n")
                    .append("exec ").append(wbreplay);
            compare.forEach(a -> array.append(' ').append(quote(a)));
            array.append(" --shard auto -j \"${SLURM_CPUS_PER_TASK:-").append(cpus).append("}\" -o ")
                    .append(quote(dir.resolve("shards").toString())).append("/\"$SLURM_ARRAY_TASK_ID\"\n");
            StringBuilder merge = new StringBuilder(header)
                    .append("#SBATCH --job-name=wbreplay-merge\n")
                    .append("#SBATCH --output=").append(dir.resolve("logs")).append("/merge.out\n");
            common(merge);
            Path next = dir.resolve(".report.next");
            merge.append("set -euo pipefail\n")
                    .append("rm -rf ").append(quote(next.toString())).append('\n')
                    .append(wbreplay).append(" merge -o ").append(quote(next.toString()));
            for (int k = 0; k < n; k++) {
                merge.append(' ').append(quote(dir.resolve("shards").resolve(Integer.toString(k)).toString()));
            }
            merge.append("\nrm -rf ").append(quote(dir.resolve("report").toString())).append('\n')
                    .append("mv ").append(quote(next.toString())).append(' ').append(quote(dir.resolve("report").toString()))
                    .append('\n');
            Path arrayScript = write(dir.resolve(SWEEP_SCRIPT), array.toString());
            Path mergeScript = write(dir.resolve(MERGE_SCRIPT), merge.toString());
            var o = spec.commandLine().getOut();
            o.println("wrote " + arrayScript + " (" + n + " tasks, " + cells + " cells) and " + mergeScript);
            if (!submit) {
                o.println("submit with: jid=$(sbatch --parsable " + quote(arrayScript.toString()) + ") && sbatch "
                        + "--dependency=afterok:${jid%%;*} " + quote(mergeScript.toString()));
            } else {
                String sweepJob = sbatch(List.of(arrayScript.toString()));
                String mergeJob = sbatch(List.of("--dependency=afterok:" + sweepJob, mergeScript.toString()));
                o.println("submitted job array " + sweepJob + " (" + n + " tasks) and merge job " + mergeJob + " after it");
                o.println("follow with: squeue -j " + sweepJob + "," + mergeJob + "; sacct -j " + sweepJob + "," + mergeJob);
            }
            o.println("report (when the merge job ends): " + dir.resolve("report").resolve("index.html"));
            o.flush();
            return 0;
        }

        /** The sweep's cell count, each cell's options and traces checked now rather than on the cluster. */
        private int cells(List<String> compare) throws Exception {
            CompareCommand cmd = new CompareCommand();
            CommandLine cl = new CommandLine(cmd);
            try {
                cl.parseArgs(compare.subList(1, compare.size()).toArray(new String[0]));
            } catch (CommandLine.ParameterException e) {
                throw new IllegalArgumentException("compare options: " + e.getMessage());
            }
            Sweep sweep = cmd.sweep(sweepFile);
            cmd.check(sweep.points());
            return sweep.points().size();
        }

        /** Partition, time limit, working directory and the extra options, for both jobs. */
        private void common(StringBuilder b) {
            b.append("#SBATCH --chdir=").append(Path.of("").toAbsolutePath()).append('\n');
            if (partition != null) {
                b.append("#SBATCH --partition=").append(partition).append('\n');
            }
            if (time != null) {
                b.append("#SBATCH --time=").append(time).append('\n');
            }
            sbatchOptions.forEach(s -> b.append("#SBATCH ").append(s).append('\n'));
        }

        private static Path write(Path file, String text) throws IOException {
            AtomicOutput.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        }

        /** This process's class path, absolute: the jobs run the same wbreplay. */
        private static String classPath() {
            List<String> parts = new ArrayList<>();
            for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
                parts.add(Path.of(p).toAbsolutePath().normalize().toString());
            }
            return String.join(File.pathSeparator, parts);
        }

        /** Runs {@code sbatch --parsable ARGS} and returns the job id it prints ("ID" or "ID;CLUSTER"). */
        static String sbatch(List<String> args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
            cmd.addAll(args);
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IOException("sbatch: cannot run it (" + e.getMessage() + "); is Slurm installed here?");
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": no answer within 120 s");
            }
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return jobId(String.join(" ", cmd), p.exitValue(), said);
        }

        /** The job id in what {@code sbatch --parsable} printed. */
        static String jobId(String command, int status, String said) throws IOException {
            String last = said.isEmpty() ? "" : said.lines().reduce((a, b) -> b).orElse("").strip();
            String id = last.split(";")[0];
            if (status != 0 || !id.matches("\\d+")) {
                throw new IOException(command + ": " + (status != 0 ? "exit status " + status : "expected a job id")
                        + (said.isEmpty() ? "" : ": " + said.replace('\n', ' ')));
            }
            return id;
        }

        private static String quote(String s) {
            return s.matches("[\\w./:=,+@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
        }
    }
}

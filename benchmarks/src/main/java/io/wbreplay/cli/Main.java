package io.wbreplay.cli;

import io.wbreplay.traces.AtomicOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wbreplay} command line. */
@Command(name = "wbreplay", mixinStandardHelpOptions = true, version = "wbreplay 0.1.0",
        description = "Replays block I/O traces against a simulated Linux writeback core and compares "
                + "page-reclaim writeback strategies.")
public final class Main {
    /** The subcommands, in the order help lists them (a method: picocli's classes load only when it runs). */
    private static List<Class<?>> subcommands() {
        return List.of(TraceCommand.class, ReplayCommand.class, CompareCommand.class, ReproduceCommand.class,
                ReportCommand.class, MergeCommand.class, ClusterCommand.class, ValidateCommand.class, RecordCommand.class,
                JmhCommand.class, CommandLine.HelpCommand.class);
    }

    /** Set just before a normal exit: the shutdown hook then knows it is not a signal. */
    private static volatile boolean exiting;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // SIGINT and SIGTERM run shutdown hooks and end with status 130 and 143: no partial file stays
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            boolean signalled = !exiting;
            int removed = AtomicOutput.abandonAll(true);
            if (signalled) {
                System.err.println("wbreplay: interrupted: " + AtomicOutput.completedSummary() + "; " + removed
                        + " partial file(s) removed");
                System.err.flush();
            }
        }, "wbreplay-exit"));
        int status;
        try {
            status = execute(args, writer(System.out, "sun.stdout.encoding"), writer(System.err, "sun.stderr.encoding"));
        } catch (OutOfMemoryError e) {
            System.err.println("wbreplay: out of Java heap (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB): raise it with java -Xmx..., or lower --memory or -j");
            status = 1;
        }
        exiting = true;
        System.exit(status);
    }

    /**
     * Runs {@code wbreplay args...}, writing to {@code out} and {@code err}; the exit status. A plain
     * {@code trace stats FILE [--json]} runs directly ({@link StatsCommand#plain}), without picocli,
     * whose model of even that one command takes a tenth of a second to build; every other command
     * line through picocli. The two give the same output, errors and status (DirectStatsTest).
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        StatsCommand stats = StatsCommand.plain(args);
        if (stats != null) {
            try {
                return stats.run(out, err);
            } catch (Exception e) { // as picocli hands what a command throws to reportError
                return reportError(e, err);
            }
        }
        return commandLine(args).setOut(out).setErr(err).execute(args);
    }

    /** Standard output or error as picocli writes to it by default (its {@code CommandLine.getOut()}). */
    private static PrintWriter writer(java.io.PrintStream stream, String encodingProperty) {
        String encoding = System.getProperty(encodingProperty);
        Charset charset = encoding == null ? Charset.defaultCharset()
                : Charset.forName("cp65001".equalsIgnoreCase(encoding) ? "UTF-8" : encoding);
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }

    /** The configured command line, also used by tests. */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: where an argument names a subcommand (not help), only that
     * one is built at its level, since picocli reflects over every option of every subcommand it is
     * given (a tenth of a second of each run's start); otherwise all of them.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        addSubcommands(cl, subcommands(), args, 0);
        cl.setExecutionExceptionHandler(Main::reportError);
        CommandLine jmh = cl.getSubcommands().get("jmh");
        if (jmh != null) { // everything after "jmh" belongs to JMH, options included
            jmh.setUnmatchedOptionsArePositionalParams(true).setStopAtPositional(true);
        }
        return cl;
    }

    private static void addSubcommands(CommandLine parent, List<Class<?>> subcommands, String[] args, int depth) {
        String named = depth < args.length ? args[depth] : null;
        boolean one = named != null && !named.equals("help") && subcommands.stream().anyMatch(c -> name(c).equals(named));
        for (Class<?> c : subcommands) {
            if (!one || name(c).equals(named)) {
                CommandLine sub = new CommandLine(c); // built on its own, so its model transformer runs
                parent.addSubcommand(sub);
                if (c == TraceCommand.class) {
                    addSubcommands(sub, TraceCommand.SUBCOMMANDS, args, depth + 1);
                }
            }
        }
    }

    private static String name(Class<?> subcommand) {
        return subcommand.getAnnotation(Command.class).name();
    }

    /** Users see one line saying what went wrong, never a stack trace (set WBREPLAY_DEBUG=1 for one). */
    private static int reportError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        return reportError(e, cl.getErr());
    }

    private static int reportError(Exception e, PrintWriter err) {
        if (AtomicOutput.exiting()) {
            return 1; // a signal closed the outputs under the command: the exit line says what happened
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            message = "no such file: " + message;
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            message = "permission denied: " + message;
        } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
            message = "already exists: " + message;
        }
        err.println("wbreplay: " + message);
        AtomicOutput.abandonAll(false); // outputs a failed run left open (its other threads may still write)
        if (System.getenv("WBREPLAY_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}

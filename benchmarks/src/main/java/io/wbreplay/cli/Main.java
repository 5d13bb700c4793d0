package io.wbreplay.cli;

import io.wbreplay.traces.AtomicOutput;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wbreplay} command line. */
@Command(name = "wbreplay", mixinStandardHelpOptions = true, version = "wbreplay 0.1.0",
        description = "Replays block I/O traces against a simulated Linux writeback core and compares "
                + "page-reclaim writeback strategies.",
        subcommands = {TraceCommand.class, ReplayCommand.class, CompareCommand.class, ReproduceCommand.class, ReportCommand.class, MergeCommand.class, ValidateCommand.class, RecordCommand.class, JmhCommand.class, CommandLine.HelpCommand.class})
public final class Main {
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
            status = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("wbreplay: out of Java heap (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB): raise it with java -Xmx..., or lower --memory or -j");
            status = 1;
        }
        exiting = true;
        System.exit(status);
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::reportError);
        // everything after "jmh" belongs to JMH, options included
        cl.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true).setStopAtPositional(true);
        return cl;
    }

    /** Users see one line saying what went wrong, never a stack trace (set WBREPLAY_DEBUG=1 for one). */
    private static int reportError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (AtomicOutput.exiting()) {
            return 1; // a signal closed the outputs under the command: the exit line says what happened
        }
        PrintWriter err = cl.getErr();
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

package io.wbreplay.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wbreplay} command line. */
@Command(name = "wbreplay", mixinStandardHelpOptions = true, version = "wbreplay 0.1.0",
        description = "Replays block I/O traces against a simulated Linux writeback core and compares "
                + "page-reclaim writeback strategies.",
        subcommands = {TraceCommand.class, ReplayCommand.class, CompareCommand.class, ReproduceCommand.class, ReportCommand.class, MergeCommand.class, JmhCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
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
        if (System.getenv("WBREPLAY_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}

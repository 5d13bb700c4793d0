package io.wbreplay.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code wbreplay trace ...}: import, convert, inspect and generate traces. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Convert, inspect and generate traces.")
final class TraceCommand implements Runnable {
    /** The subcommands, in the order help lists them; {@link Main} adds them (only the one named, if any). */
    static final List<Class<?>> SUBCOMMANDS = List.of(ConvertCommand.class, StatsCommand.class, GenerateCommand.class);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package io.wbreplay.cli;

import picocli.CommandLine.Command;

/** {@code wbreplay trace ...}: import, convert, inspect and generate traces. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Convert, inspect and generate traces.",
        subcommands = {ConvertCommand.class, StatsCommand.class, GenerateCommand.class})
final class TraceCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line holds only the subcommands an invocation names, at each level (picocli reflects
 * over every subcommand it is given, which a short command's start-up pays for), and all of them
 * when none is named, so that help lists them all.
 */
class MainTest {
    @Test
    void buildsOnlyTheSubcommandsNamed() {
        CommandLine cl = Main.commandLine("trace", "stats", "t.iolog", "--json");
        assertThat(cl.getSubcommands()).containsOnlyKeys("trace");
        assertThat(cl.getSubcommands().get("trace").getSubcommands()).containsOnlyKeys("stats");
    }

    @Test
    void buildsEveryTraceSubcommandWhenNoneIsNamed() {
        for (CommandLine cl : new CommandLine[] {Main.commandLine("trace", "--help"), Main.commandLine("help", "trace"), Main.commandLine()}) {
            assertThat(cl.getSubcommands().get("trace").getSubcommands()).containsOnlyKeys("convert", "stats", "generate");
        }
    }
}

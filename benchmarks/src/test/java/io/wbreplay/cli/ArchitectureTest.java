package io.wbreplay.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Package dependencies run one way: no import cycle between packages, and the modules layered
 * traces <- replay <- reports <- cli/bench. Two cycles remain, each treated as one slice here with the
 * dependencies inside it pinned to today's, so any new cycle, or a new edge inside a remaining one,
 * fails:
 * <ul>
 * <li>through {@code Kernel}: the root package {@code io.wbreplay.replay} (Kernel, DirtyThrottle,
 * DirtyLimits, WriteBandwidth) and {@code writeback}, {@code vmscan} and {@code vmscan.strategy}
 * import each other (Kernel wires the flusher, reclaim and the strategy; they read its state);
 * <li>{@code reports} and {@code reports.charts}: ReportBuilder draws the charts, the charts take
 * Cell, DispatchPoints and JmhResults.Row from {@code reports}.
 * </ul>
 */
class ArchitectureTest {
    private static final String R = "io.wbreplay.replay";
    /** The packages of the remaining Kernel-centred cycle. */
    private static final Set<String> KERNEL_CYCLE = Set.of(R, R + ".writeback", R + ".vmscan", R + ".vmscan.strategy");
    /** The packages of the remaining reports cycle. */
    private static final Set<String> REPORTS_CYCLE = Set.of("io.wbreplay.reports", "io.wbreplay.reports.charts");
    /** The dependencies inside those cycles today (from -> to, short names). */
    private static final Set<String> CYCLE_EDGES = Set.of(
            "replay -> replay.vmscan", "replay -> replay.writeback",
            "replay.vmscan -> replay", "replay.vmscan -> replay.vmscan.strategy",
            "replay.vmscan.strategy -> replay", "replay.vmscan.strategy -> replay.vmscan",
            "replay.vmscan.strategy -> replay.writeback",
            "replay.writeback -> replay",
            "reports -> reports.charts", "reports.charts -> reports");

    private static String cycleOf(String pkg) {
        return KERNEL_CYCLE.contains(pkg) ? "replay core (Kernel cycle)" : REPORTS_CYCLE.contains(pkg) ? "reports (charts cycle)" : null;
    }

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.wbreplay");

    @Test
    void noPackageCycleBesidesTheTwoKnown() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                return SliceIdentifier.of(cycleOf(p) != null ? cycleOf(p) : p);
            }

            @Override
            public String getDescription() {
                return "packages, each remaining cycle's as one";
            }
        }).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theRemainingCyclesGainNoDependency() {
        Set<String> edges = new TreeSet<>();
        for (JavaClass c : CLASSES) {
            String from = cycleOf(c.getPackageName());
            if (from == null) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = d.getTargetClass().getPackageName();
                if (from.equals(cycleOf(to)) && !to.equals(c.getPackageName())) {
                    edges.add(shortName(c.getPackageName()) + " -> " + shortName(to));
                }
            }
        }
        assertThat(edges).isSubsetOf(CYCLE_EDGES);
    }

    private static String shortName(String pkg) {
        return pkg.substring("io.wbreplay.".length());
    }

    @Test
    void modulesAreLayered() {
        noClasses().that().resideInAPackage("io.wbreplay.traces..")
                .should().dependOnClassesThat().resideInAnyPackage("io.wbreplay.replay..", "io.wbreplay.reports..",
                        "io.wbreplay.cli..", "io.wbreplay.bench..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.wbreplay.replay..")
                .should().dependOnClassesThat().resideInAnyPackage("io.wbreplay.reports..", "io.wbreplay.cli..", "io.wbreplay.bench..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.wbreplay.reports..")
                .should().dependOnClassesThat().resideInAnyPackage("io.wbreplay.cli..", "io.wbreplay.bench..")
                .check(CLASSES);
    }
}

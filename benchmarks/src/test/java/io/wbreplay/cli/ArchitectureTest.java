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
 * Package dependencies run one way: no import cycle between packages, the modules layered
 * traces <- replay <- reports <- cli/bench, and inside replay the layers of the kernel's headers:
 * sim <- mm, block, device, hazard <- the shared state (the root package: Kernel, CoreConfig) <-
 * writeback <- vmscan <- vmscan.strategy <- driver (metrics beside driver). Reclaim reaches the flusher
 * only through writeback.Flusher, and strategies see the machine only through vmscan.ReclaimContext.
 * One cycle remains, treated as one slice here with the dependencies inside it pinned to today's, so
 * any new cycle, or a new edge inside the remaining one, fails: {@code reports} and
 * {@code reports.charts} (ReportBuilder draws the charts, the charts take Cell, DispatchPoints and
 * JmhResults.Row from {@code reports}).
 */
class ArchitectureTest {
    private static final String R = "io.wbreplay.replay";
    /** The packages of the remaining reports cycle. */
    private static final Set<String> REPORTS_CYCLE = Set.of("io.wbreplay.reports", "io.wbreplay.reports.charts");
    /** The dependencies inside those cycles today (from -> to, short names). */
    private static final Set<String> CYCLE_EDGES = Set.of("reports -> reports.charts", "reports.charts -> reports");

    private static String cycleOf(String pkg) {
        return REPORTS_CYCLE.contains(pkg) ? "reports (charts cycle)" : null;
    }

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.wbreplay");

    @Test
    void noPackageCycleBesidesTheKnownOne() {
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
    void replayIsLayeredLikeTheKernelHeaders() {
        String[] above = {R + ".writeback..", R + ".vmscan..", R + ".driver..", R + ".metrics.."};
        noClasses().that().resideInAnyPackage(R, R + ".sim..", R + ".mm..", R + ".block..", R + ".device..", R + ".hazard..")
                .should().dependOnClassesThat().resideInAnyPackage(above)
                .check(CLASSES);
        noClasses().that().resideInAPackage(R + ".writeback..")
                .should().dependOnClassesThat().resideInAnyPackage(R + ".vmscan..", R + ".driver..", R + ".metrics..")
                .check(CLASSES);
        noClasses().that().resideInAPackage(R + ".vmscan")
                .should().dependOnClassesThat().resideInAnyPackage(R + ".vmscan.strategy..", R + ".driver..", R + ".metrics..")
                .check(CLASSES);
        noClasses().that().resideInAPackage(R + ".vmscan")
                .should().dependOnClassesThat().haveFullyQualifiedName(R + ".writeback.BdiWriteback")
                .because("reclaim reaches the flusher through writeback.Flusher (linux/writeback.h) only")
                .check(CLASSES);
        noClasses().that().resideInAPackage(R + ".vmscan.strategy..")
                .should().dependOnClassesThat().resideInAnyPackage(R + ".driver..", R + ".metrics..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(R + ".Kernel")
                .because("strategies see the machine through vmscan.ReclaimContext only")
                .check(CLASSES);
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

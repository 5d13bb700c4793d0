package io.wbreplay.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Package dependencies run one way: no import cycle between packages, the modules layered
 * traces <- replay <- reports <- cli/bench, and inside replay the layers of the kernel's headers:
 * sim <- mm, block, device, hazard <- the shared state (the root package: Kernel, CoreConfig) <-
 * writeback <- vmscan <- vmscan.strategy <- driver (metrics beside driver). Reclaim reaches the flusher
 * only through writeback.Flusher, and strategies see the machine only through vmscan.ReclaimContext.
 * The report side is layered too: the report model, text and HTML ({@code reports}) <- the charts
 * ({@code reports.charts}) <- {@code reports.build} (ReportBuilder writes a report directory).
 */
class ArchitectureTest {
    private static final String R = "io.wbreplay.replay";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.wbreplay");

    @Test
    void noPackageCycle() {
        slices().matching("io.wbreplay.(**)").should().beFreeOfCycles().check(CLASSES);
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
    void reportsAreLayered() {
        noClasses().that().resideInAPackage("io.wbreplay.reports")
                .should().dependOnClassesThat().resideInAnyPackage("io.wbreplay.reports.charts..", "io.wbreplay.reports.build..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.wbreplay.reports.charts..")
                .should().dependOnClassesThat().resideInAnyPackage("io.wbreplay.reports.build..")
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

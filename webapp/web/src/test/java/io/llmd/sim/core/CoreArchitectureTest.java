package io.llmd.sim.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The core must stay reusable by another front end: no HTTP server, servlet, JAX-RS or JSON types
 * in it, and no metrics library either (it speaks through its events port; adapters record).
 */
class CoreArchitectureTest {
    private static final JavaClasses SIMULATOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmd.sim");

    private static ArchRule noHttpOrJsonIn(String pkg) {
        return noClasses()
                .that()
                .resideInAPackage(pkg)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta..", "org.glassfish..", "org.eclipse.jetty..", "com.fasterxml.jackson..")
                .because("the core is the simulator without HTTP or JSON, reusable by another front end");
    }

    @Test
    void coreDependsOnNoHttpServletOrJsonLibrary() {
        noHttpOrJsonIn("io.llmd.sim.core..").check(SIMULATOR);
    }

    private static ArchRule noMetricsLibraryIn(String pkg) {
        return noClasses()
                .that()
                .resideInAPackage(pkg)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.prometheus..")
                .because("the core tells its EngineListeners what happens; a metrics adapter outside it records");
    }

    @Test
    void coreDependsOnNoMetricsLibrary() {
        noMetricsLibraryIn("io.llmd.sim.core..").check(SIMULATOR);
    }

    @Test
    void coreDependsOnNoOtherPackageOfTheSimulator() {
        noClasses()
                .that()
                .resideInAPackage("io.llmd.sim.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.llmd.sim.api..", "io.llmd.sim.web..", "io.llmd.sim.config..", "io.llmd.sim.metrics..")
                .because("data flows from web through core, never back")
                .check(SIMULATOR);
    }

    @Test
    void ruleSeesTheCoreClasses() {
        assertThat(SIMULATOR.that(JavaClass.Predicates.resideInAPackage("io.llmd.sim.core")))
                .extracting(JavaClass::getSimpleName)
                .contains("Simulator", "Scheduler", "ConfigParser", "EngineListener");
    }

    @Test
    void ruleCatchesAJsonDependency() {
        assertThatThrownBy(() -> noHttpOrJsonIn("io.llmd.sim.api..").check(SIMULATOR))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("com.fasterxml.jackson");
    }

    @Test
    void ruleCatchesAPrometheusDependency() {
        assertThatThrownBy(() -> noMetricsLibraryIn("io.llmd.sim.metrics..").check(SIMULATOR))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.prometheus");
    }
}

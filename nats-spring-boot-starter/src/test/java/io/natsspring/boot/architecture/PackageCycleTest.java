package io.natsspring.boot.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.natsspring.annotation.listener.NatsListenerContainer;
import io.natsspring.boot.autoconfigure.NatsAutoConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Packages of the starter and of the annotations module depend one way: every package is a slice, and no two
 * slices may depend on each other, directly or through others.
 */
class PackageCycleTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.natsspring.boot", "io.natsspring.annotation");

    @Test
    void importsBothModules() {
        assertThat(CLASSES.contain(NatsAutoConfiguration.class)).isTrue();
        assertThat(CLASSES.contain(NatsListenerContainer.class)).isTrue();
    }

    @Test
    void starterPackagesHaveNoCycle() {
        slices().matching("io.natsspring.boot.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void annotationsPackagesHaveNoCycle() {
        slices().matching("io.natsspring.annotation.(**)")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }
}

package dev.taleweaver.bootstrap.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each architecture rule, run on a fixture that breaks it, must fail: the rules are not vacuous. */
class ArchitectureRulesBiteTest {
    private static final String FIXTURE = "dev.taleweaver.bootstrap.archfixture";
    private static JavaClasses broken;
    private final ArchitectureRules rules = new ArchitectureRules(FIXTURE);

    @BeforeAll
    static void importFixture() {
        broken = new ClassFileImporter().importPackages(FIXTURE);
    }

    @Test
    void everyRuleRejectsTheBrokenFixture() {
        List<ArchRule> all = rules.all();
        for (ArchRule rule : all) {
            assertThatThrownBy(() -> rule.check(broken))
                    .as("rule should fail on the fixture: %s", rule.getDescription())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Architecture Violation");
        }
    }

    @Test
    void aRuleOverAnEmptyPackageFailsInsteadOfPassing() {
        ArchRule onNothing = new ArchitectureRules(FIXTURE + ".renamed").domainUsesOnlyJava();
        assertThatThrownBy(() -> onNothing.check(broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("failed to check any classes");
    }
}

/**
 * Deliberately broken code: every class here breaks one of the architecture rules, so
 * {@code ArchitectureRulesBiteTest} can show each rule fails when it should. Never used by the product.
 */
package dev.taleweaver.bootstrap.archfixture;

package dev.taleweaver.adapter.postgres;

import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.story.StoryView;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows stored by a release before the domain's text rules (control characters, names with nothing visible) must
 * still load after the upgrade: migration 2 cleans them. Written with migration 1 only, then migrated as a start-up
 * of the new release would.
 */
class TextCleanupMigrationIT {
    private static final String HERO = "11111111-1111-1111-1111-111111111111";
    private static final String CHILD = "22222222-2222-2222-2222-222222222222";
    private static final String CLEAN_HERO = "33333333-3333-3333-3333-333333333333";

    @Test
    void rowsTheDomainNowRefusesAreCleanedAndLoad() {
        try (TestSchema schema = TestPostgres.createSchema()) {
            Flyway.configure()
                    .dataSource(schema.config().jdbcUrl(), schema.config().user(), schema.config().password())
                    .schemas(schema.name()).createSchemas(true)
                    .locations("classpath:db/migration")
                    .target("1")
                    .load().migrate();
            schema.executeAsAdmin("INSERT INTO heroes VALUES ('" + HERO + "', E'Ann\\n2026-12-04 ERROR forged', 9,"
                    + " 'female', E'Tall\\nwith a bell\\u0007', ARRAY[E'brave\\u0001', E'\\u200b'], '{}', '{}', 'en',"
                    + " now(), now())");
            schema.executeAsAdmin("INSERT INTO heroes VALUES ('" + CLEAN_HERO + "', 'Bo', 9, 'male', E'Line\\nbreak',"
                    + " '{kind}', '{}', '{}', 'en', now(), now())");
            schema.executeAsAdmin("INSERT INTO children VALUES ('" + CHILD + "', E'\\u200b\\u00a0', 6, 'female',"
                    + " ARRAY[E'dragons\\u2028'], 'en', now(), now())");
            schema.executeAsAdmin("INSERT INTO stories VALUES ('44444444-4444-4444-4444-444444444444',"
                    + " E'Moon\\u001b[31m', E'Once\\nupon\\u0002', '" + CHILD + "', '" + HERO + "', 'en', NULL,"
                    + " now(), now())");

            try (PostgresDatabase database = new PostgresDatabase(schema.config())) {
                assertThat(database.migrate()).isEqualTo(2); // V2 (the cleanup) and V3

                List<Hero> heroes = new PostgresHeroRepository(database.jdbi()).listAll();
                Hero cleaned = heroes.stream().filter(h -> h.id().toString().equals(HERO)).findFirst().orElseThrow();
                assertThat(cleaned.name()).isEqualTo("Ann 2026-12-04 ERROR forged");
                assertThat(cleaned.appearance()).isEqualTo("Tall\nwith a bell");
                assertThat(cleaned.personalityTraits()).containsExactly("brave", "?");
                Hero untouched = heroes.stream().filter(h -> h.id().toString().equals(CLEAN_HERO)).findFirst()
                        .orElseThrow();
                assertThat(untouched.appearance()).isEqualTo("Line\nbreak");

                Child child = new PostgresChildRepository(database.jdbi()).listAll().get(0);
                assertThat(child.name()).isEqualTo("?");
                assertThat(child.interests()).containsExactly("dragons");

                StoryView story = new PostgresStoryRepository(database.jdbi()).listAll().get(0);
                assertThat(story.story().title()).isEqualTo("Moon [31m");
                assertThat(story.story().content()).isEqualTo("Once\nupon");
            }
        }
    }
}

package dev.taleweaver.adapter.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The L1 must forget what Redis's SCAN MATCH deleted: the same glob rules. */
class GlobMatcherTest {

    @Test
    void followsRedisGlobRules() {
        assertMatches("hero:*", "hero:1", "hero:lang:en", "hero:");
        assertNoMatch("hero:*", "child:1", "hero", "story:hero:1");
        assertMatches("*", "", "anything at all");
        assertMatches("hero:?", "hero:1");
        assertNoMatch("hero:?", "hero:12", "hero:");
        assertMatches("story:[ab]*", "story:a", "story:b1");
        assertNoMatch("story:[ab]*", "story:c");
        assertMatches("story:[^ab]", "story:c");
        assertNoMatch("story:[^ab]", "story:a");
        assertMatches("id:[0-9]", "id:5");
        assertMatches("id:[9-0]", "id:5");
        assertNoMatch("id:[0-9]", "id:x");
        assertMatches("lit\\*", "lit*");
        assertNoMatch("lit\\*", "literal");
        assertMatches("a.b(c)+", "a.b(c)+");
        assertNoMatch("a.b(c)+", "axb(cc");
    }

    @Test
    void aPatternItCannotReadMatchesEverything() {
        assertMatches("hero:[abc", "child:1", "hero:z");
        assertMatches("hero:[]", "child:1");
    }

    private static void assertMatches(String glob, String... keys) {
        for (String key : keys) {
            assertThat(GlobMatcher.of(glob).test(key)).as("%s matches %s", glob, key).isTrue();
        }
    }

    private static void assertNoMatch(String glob, String... keys) {
        for (String key : keys) {
            assertThat(GlobMatcher.of(glob).test(key)).as("%s does not match %s", glob, key).isFalse();
        }
    }
}

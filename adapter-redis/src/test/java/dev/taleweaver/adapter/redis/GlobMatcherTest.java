package dev.taleweaver.adapter.redis;

import org.junit.jupiter.api.Test;

import java.util.Random;

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

    /** A property: on small inputs the linear matcher answers exactly as the regular expression it replaced. */
    @Test
    void agreesWithTheRegularExpressionMatcherOnGeneratedInputs() {
        Random random = new Random(20261204);
        String patternAlphabet = "ab:*?[]^-\\";
        String keyAlphabet = "ab:*?[]-\\";
        int compared = 0;
        for (int i = 0; i < 50_000; i++) {
            String glob = randomText(random, patternAlphabet, 8);
            String key = randomText(random, keyAlphabet, 8);
            assertThat(GlobMatcher.of(glob).test(key)).as("%s against %s", glob, key)
                    .isEqualTo(RegexGlobReference.of(glob).test(key));
            compared++;
        }
        assertThat(compared).isEqualTo(50_000);
    }

    /**
     * The pattern that pinned a core for seconds against two keys: the work is counted, not timed, and stays within
     * key length × pattern length steps.
     */
    @Test
    void aPathologicalPatternTakesAtMostKeyTimesPatternSteps() {
        String glob = "P" + "*?".repeat(20) + "Z";
        String key = "P" + "x".repeat(200);
        long[] steps = {0};

        boolean matched = GlobMatcher.of(glob).matches(key, steps);

        assertThat(matched).isFalse();
        assertThat(steps[0]).isPositive().isLessThanOrEqualTo((long) key.length() * glob.length());
    }

    @Test
    void aPatternOverTheLengthBoundMatchesEverythingWithoutBeingRead() {
        String glob = "hero:" + "a".repeat(GlobMatcher.MAX_PATTERN_LENGTH);
        long[] steps = {0};

        assertThat(GlobMatcher.of(glob).matches("child:1", steps)).isTrue();
        assertThat(steps[0]).as("a lone star: two steps a character").isLessThanOrEqualTo(2L * "child:1".length());
    }

    private static String randomText(Random random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
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

package dev.taleweaver.adapter.redis;

import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks of ADR 13's fast path ({@link CacheCodec#entityJson}): an entry this service writes for the key's entity
 * gives its entity bytes; anything else — another key's, corrupt, truncated, reordered, with a field more or less, of
 * another version or another writer's formatting — gives null, so the caller decodes it as before. That the bytes
 * are the API's is {@code CachedEntityJsonContractTest} (bootstrap), which sees the HTTP adapter too.
 */
class EntityJsonShapeTest {
    private static final Instant CACHED_AT = Instant.parse("2024-01-20T14:22:10Z");
    private static final Duration HOUR = Duration.ofSeconds(3600);
    private static final String ID = "550e8400-e29b-41d4-a716-446655440000";

    private final CacheCodec<Hero> codec = new JacksonCacheCodecs(JacksonCacheCodecs.SCHEMA_VERSION).hero();

    private static Hero hero() {
        Instant at = Instant.parse("2024-01-15T10:30:00.123Z");
        return new Hero(HeroId.parse(ID), "Captain \"Wonder\" \\ 勇者", 12, Gender.MALE,
                "Wears a blue cape\twith a golden star\nand boots", List.of("brave", "kind"), List.of(),
                List.of("flying"), Language.of("en"), at, at.plusSeconds(1));
    }

    private String entry() {
        return codec.encode(hero(), CACHED_AT, HOUR);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEntryThisServiceWroteGivesItsEntityMemberByteForByte() {
        String entry = entry();
        CacheCodec.EntityJson json = codec.entityJson(utf8(entry), ID);

        assertThat(json).isNotNull();
        String entity = entry.substring(entry.indexOf("\"entity\":") + "\"entity\":".length(),
                entry.indexOf(",\"cached_at\""));
        assertThat(new String(json.json(), StandardCharsets.UTF_8)).isEqualTo(entity);
        assertThat(json.upcast()).isFalse();
    }

    @Test
    void anEntryOfThePreviousVersionServesTooAndIsCountedAsAnUpcast() {
        String entry = new JacksonCacheCodecs(JacksonCacheCodecs.PREVIOUS_SCHEMA_VERSION).hero()
                .encode(hero(), CACHED_AT, HOUR);

        CacheCodec.EntityJson json = codec.entityJson(utf8(entry), ID);

        assertThat(json).isNotNull();
        assertThat(json.upcast()).isTrue();
    }

    @Test
    void aChildEntryServesAndAStoryEntryNever() {
        Instant at = Instant.parse("2024-01-15T10:30:00Z");
        Child child = new Child(ChildId.parse(ID), "Mia", 7, Gender.FEMALE, List.of("dragons"), Language.of("fr"), at,
                at);
        JacksonCacheCodecs codecs = new JacksonCacheCodecs();

        assertThat(codecs.child().entityJson(utf8(codecs.child().encode(child, CACHED_AT, HOUR)), ID)).isNotNull();
        assertThat(codecs.story().entityJson(utf8("{\"v\":1,\"entity\":{}}"), ID)).isNull();
        assertThat(codecs.heroes().entityJson(utf8("{\"v\":1,\"entity\":[]}"), ID)).isNull();
    }

    @Test
    void anotherKeysEntryIsLeftToTheDecodePath() {
        assertThat(codec.entityJson(utf8(entry()), "650e8400-e29b-41d4-a716-446655440000")).isNull();
        assertThat(codec.entityJson(utf8(entry()), ID.toUpperCase())).isNull();
    }

    /** Each row rewrites the entry this service wrote; every result is something the fast path must not serve. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            truncated                       | TRUNCATE                  |
            trailing garbage                | ,\\"ttl\\":3600}          | ,"ttl":3600}x
            a second document after it      | ,\\"ttl\\":3600}          | ,"ttl":3600}{}
            version 3                       | {\\"v\\":2,               | {"v":3,
            version 0                       | {\\"v\\":2,               | {"v":0,
            version as text                 | {\\"v\\":2,               | {"v":"2",
            version far too big             | {\\"v\\":2,               | {"v":99999999999,
            envelope fields reordered       | {\\"v\\":2,\\"entity\\":  | {"entity":
            entity fields reordered         | "age":12,"gender":"male"  | "gender":"male","age":12
            a field renamed                 | "name":                   | "nom":
            a field more                    | "age":12,                 | "age":12,"alias":"x",
            a field less                    | "age":12,                 |
            age as text                     | "age":12,                 | "age":"12",
            age out of range                | "age":12,                 | "age":1001,
            age as a fraction               | "age":12,                 | "age":12.0,
            age with an exponent            | "age":12,                 | "age":12e0,
            age with a leading zero         | "age":12,                 | "age":012,
            age with a plus                 | "age":12,                 | "age":+12,
            version with a leading zero     | {\\"v\\":2,               | {"v":02,
            version minus zero              | {\\"v\\":2,               | {"v":-0,
            a doubled comma                 | ],\\"language\\":\\"en\\" | ],"language":"en",
            list not closed                 | ["brave","kind"]          | ["brave","kind"
            list with a trailing comma      | ["brave","kind"]          | ["brave","kind",]
            list with an empty slot         | ["brave","kind"]          | ["brave",,"kind"]
            an unknown escape               | "Captain                  | "Captain\\
            ttl as a fraction               | ,\\"ttl\\":3600}          | ,"ttl":3600.5}
            ttl missing                     | ,\\"ttl\\":3600}          | }
            whitespace in the envelope      | ,\\"ttl\\":3600}          | , "ttl":3600}
            language with an escape         | "language":"en"           | "language":"\\u0065n"
            unknown gender                  | "gender":"male"           | "gender":"robot"
            unknown language                | "language":"en"           | "language":"xx"
            null name                       | "name":"Captain           | "name":null,"x":"Captain
            list of numbers                 | ["brave","kind"]          | [1,2]
            list as a string                | ["brave","kind"]          | "brave"
            whitespace inside the entity    | "age":12,                 | "age": 12,
            an escape the API never writes  | "Captain                  | "\\u0043aptain
            a lower-case escape             | with a golden             | with\\u001f a golden
            a short escape spelled long     | \\t                       | \\u0009
            instant to the nanosecond       | 10:30:00.123Z             | 10:30:00.123000001Z
            name with a space before        | "name":"Captain           | "name":" Captain
            name with a no-break space after| 勇者"                    | 勇者\u00a0"
            trait with a space after        | "brave"                   | "brave "
            trait with a tab before         | "brave"                   | "\\tbrave"
            trait with a line break after   | "brave"                   | "brave\\n"
            trait not in NFC                | "brave"                   | "brave\u0301"
            trait of a zero-width space     | "brave"                   | "\u200b"
            instant with an offset          | 10:30:00.123Z             | 10:30:00.123+00:00
            instant with spare zeros        | 10:30:00.123Z             | 10:30:00.123000Z
            instant without its fraction    | 10:30:00.123Z             | 10:30:00.000Z
            month 13                        | 2024-01-15T10:30:00.123Z  | 2024-13-15T10:30:00.123Z
            instant as a number             | "2024-01-15T10:30:00.123Z"| 1705314600
            cached_at missing               | ,\\"cached_at\\":         | ,"cachedAt":
            not JSON at all                 | REPLACE                   | hero
            """)
    void anythingButTheServicesOwnEntryIsLeftToTheDecodePath(String why, String find, String replacement) {
        String entry = entry();
        String changed = switch (find) {
            case "TRUNCATE" -> entry.substring(0, entry.length() / 2);
            case "REPLACE" -> replacement;
            default -> {
                String target = find.replace("\\\"", "\"");
                assertThat(entry).as(why).contains(target);
                yield entry.replaceFirst(java.util.regex.Pattern.quote(target),
                        java.util.regex.Matcher.quoteReplacement(replacement == null ? "" : replacement));
            }
        };

        assertThat(codec.entityJson(utf8(changed), ID)).as("%s: %s", why, changed).isNull();
    }

    @Test
    void malformedUtf8AndEncodedSurrogatesAreLeftToTheDecodePath() {
        byte[] entry = utf8(entry());
        int at = new String(entry, StandardCharsets.UTF_8).indexOf("Captain") + 1; // ASCII before it: same index
        byte[] overlong = entry.clone();
        overlong[at] = (byte) 0xC1;
        overlong[at + 1] = (byte) 0x81;
        byte[] surrogate = new byte[entry.length + 1];
        System.arraycopy(entry, 0, surrogate, 0, at);
        surrogate[at] = (byte) 0xED;
        surrogate[at + 1] = (byte) 0xA0;
        surrogate[at + 2] = (byte) 0x80;
        System.arraycopy(entry, at + 2, surrogate, at + 3, entry.length - at - 2);

        assertThat(codec.entityJson(overlong, ID)).isNull();
        assertThat(codec.entityJson(surrogate, ID)).isNull();
        assertThat(codec.entityJson(new byte[0], ID)).isNull();
    }

    /** Each byte sequence replaces the "a" of "Captain" (ASCII before it, so string and byte indexes agree). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"a raw control character,09", "a raw NUL,00", "a stray continuation byte,80",
            "a two-byte lead without its continuation,C3 41", "a three-byte sequence cut short,E4 B8 41",
            "a four-byte sequence cut short,F0 9F 98 41", "past U+10FFFF,F4 90 80 80", "a five-byte lead,F8 88 80 80 80",
            "an overlong three-byte form,E0 80 80", "an overlong four-byte form,F0 80 80 80", "a byte never in UTF-8,FF"})
    void anyStringThatIsNotWellFormedOrHoldsARawControlCharacterIsLeftToTheDecodePath(String why, String hex) {
        String entry = entry();
        int at = entry.indexOf("Captain") + 1;
        byte[] replacement = java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
        byte[] before = utf8(entry);
        byte[] changed = new byte[before.length - 1 + replacement.length];
        System.arraycopy(before, 0, changed, 0, at);
        System.arraycopy(replacement, 0, changed, at, replacement.length);
        System.arraycopy(before, at + 1, changed, at + replacement.length, before.length - at - 1);

        assertThat(codec.entityJson(changed, ID)).as(why).isNull();
    }

    @Test
    void whitespaceAroundTheEntryIsLeftToTheDecodePath() {
        assertThat(codec.entityJson(utf8(entry() + " "), ID)).isNull();
        assertThat(codec.entityJson(utf8(" " + entry()), ID)).isNull();
        assertThat(codec.entityJson(utf8(entry() + "\n"), ID)).isNull();
    }

    @Test
    void wellFormedSequencesOfEveryLengthAreRead() {
        byte[] bytes = utf8("é中😀\uFFFD\u0800\uD7FF\uE000\uDBFF\uDFFF");
        int at = 0;
        int[] lengths = {2, 3, 4, 3, 3, 3, 3, 4};
        for (int length : lengths) {
            assertThat(EntityJsonShape.utf8Length(bytes, at)).isEqualTo(length);
            at += length;
        }
        assertThat(at).isEqualTo(bytes.length);
    }

    @Test
    void charactersBeyondTheBasicPlaneAreEscapedAsTheApisGeneratorEscapesThem() {
        byte[] bytes = utf8("[\"a😀b\"]");

        assertThat(new String(EntityJsonShape.asTheApiWritesIt(bytes, 0, bytes.length, 1), StandardCharsets.UTF_8))
                .isEqualTo("[\"a\\uD83D\\uDE00b\"]");
    }

    @ParameterizedTest
    @CsvSource({"2024-01-15T10:30:00Z,true", "2024-01-15T10:30:00.100Z,true", "2024-01-15T10:30:00.000100Z,true",
            "2024-01-15T10:30:00.000000100Z,true", "2024-01-15T10:30:00.000Z,false",
            "2024-01-15T10:30:00.100000Z,false",
            "2024-01-15T10:30:00.1Z,false", "2024-01-15T24:00:00Z,false", "2024-01-15 10:30:00Z,false",
            "+12024-01-15T10:30:00Z,false", "2024-01-15T10:30:00,false"})
    void instantsAreTakenOnlyInTheFormJacksonWrites(String text, boolean taken) {
        byte[] bytes = utf8("x" + text);

        assertThat(EntityJsonShape.isoInstant(bytes, 1, bytes.length - 1, 9)).isEqualTo(taken);
        assertThat(EntityJsonShape.isoInstant(bytes, 1, bytes.length - 1, 6))
                .as("kept to the microsecond, as the domain keeps them").isEqualTo(taken && text.length() <= 27);
    }
}

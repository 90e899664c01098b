package dev.taleweaver.adapter.http;

import dev.taleweaver.adapter.redis.JacksonCacheCodecs;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheCodecException;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.common.ValidationException;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 13's contract: the entity JSON a cache hit is answered with (the entry's {@code entity} member, taken by
 * {@link CacheCodec#entityJson} without decoding) is byte for byte what the HTTP adapter writes for the decoded value
 * ({@link RenderedJson} over {@code HeroResponse}/{@code ChildResponse}), so the body and its ETag are the same
 * whichever path served. In the HTTP adapter's package (from bootstrap's tests, which see both adapters) to reach its
 * package-private rendering. Many generated heroes and children: every language and gender, text with characters JSON
 * escapes, non-Latin scripts and emoji, the longest texts and lists, empty lists, timestamps with 0, 3 and 6
 * fractional digits; entries of both schema versions a build writes.
 */
class CachedEntityJsonContractTest {
    private static final int CASES = 3_000;
    private static final Instant CACHED_AT = Instant.parse("2026-12-05T03:00:00.123456Z");
    private static final Duration TTL = Duration.ofHours(1);

    /** Pieces of text: ASCII with JSON's escaped characters, Latin-1, Greek, Cyrillic, CJK, Arabic, emoji. */
    private static final String[] PIECES = {"a", "Z", "0", " ", "\"", "\\", "/", "<", ">", "&", "'", "é", "ß", "Ω",
            "Ж", "中", "文", "ع", "😀", "🐉", "\u00a9", "€", "ー", "e\u0301"};
    /** What a multi-line text (a hero's appearance) may hold besides: tab, line breaks, the line separator. */
    private static final String[] BREAKS = {"\t", "\n", "\r\n", "\u2028"};

    private final RenderedJson http = new RenderedJson(JsonMapping.objectMapper(), false);
    private final List<String> languages = new ArrayList<>(Language.CODES);

    {
        languages.sort(String::compareTo);
    }

    @ParameterizedTest(name = "written as schema version {0}")
    @ValueSource(ints = {JacksonCacheCodecs.PREVIOUS_SCHEMA_VERSION, JacksonCacheCodecs.SCHEMA_VERSION})
    void aHeroHitIsAnsweredWithTheBytesTheApiWritesForItsDecodedValue(int writeVersion) {
        CacheCodec<Hero> codec = new JacksonCacheCodecs(writeVersion).hero();
        Random random = new Random(13 + writeVersion);
        int checked = 0;
        for (int i = 0; i < CASES; i++) {
            Hero hero = hero(random, i);
            if (hero == null) {
                continue;
            }
            checkServedAsTheApiWritesIt(codec, hero, hero.id().toString(), HeroResponse::of,
                    writeVersion == JacksonCacheCodecs.PREVIOUS_SCHEMA_VERSION);
            checked++;
        }
        assertThat(checked).as("heroes the domain accepted").isGreaterThan(CASES * 9 / 10);
    }

    @ParameterizedTest(name = "written as schema version {0}")
    @ValueSource(ints = {JacksonCacheCodecs.PREVIOUS_SCHEMA_VERSION, JacksonCacheCodecs.SCHEMA_VERSION})
    void aChildHitIsAnsweredWithTheBytesTheApiWritesForItsDecodedValue(int writeVersion) {
        CacheCodec<Child> codec = new JacksonCacheCodecs(writeVersion).child();
        Random random = new Random(31 + writeVersion);
        int checked = 0;
        for (int i = 0; i < CASES; i++) {
            Child child = child(random, i);
            if (child == null) {
                continue;
            }
            checkServedAsTheApiWritesIt(codec, child, child.id().toString(), ChildResponse::of,
                    writeVersion == JacksonCacheCodecs.PREVIOUS_SCHEMA_VERSION);
            checked++;
        }
        assertThat(checked).as("children the domain accepted").isGreaterThan(CASES * 9 / 10);
    }

    /** Bytes a one-byte change puts in: JSON's structure, digits, escapes, control and UTF-8 lead bytes. */
    private static final byte[] MUTANTS = {'"', '\\', ',', ':', '{', '}', '[', ']', ' ', '0', '1', '2', '9', '-', '.',
            'e', 'u', 'n', 'x', 'Z', 0x00, 0x1F, 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC3, (byte) 0xE0,
            (byte) 0xED, (byte) 0xF0, (byte) 0xF4, (byte) 0xFF};

    /**
     * The other direction: an entry changed by one byte (replaced, removed or added, anywhere) is either left to the
     * decode path or, when the fast path takes it, is one the decode path reads as the same entity — the same bytes,
     * the same upcast answer — or refuses only for a domain rule the fast path leaves to it (the class comment of
     * {@code EntityJsonShape}). Never bytes the decoded value would not be answered with.
     */
    @ParameterizedTest(name = "written as schema version {0}")
    @ValueSource(ints = {JacksonCacheCodecs.PREVIOUS_SCHEMA_VERSION, JacksonCacheCodecs.SCHEMA_VERSION})
    void anEntryChangedByOneByteIsServedOnlyAsTheDecodePathWouldAnswerIt(int writeVersion) {
        CacheCodec<Hero> codec = new JacksonCacheCodecs(writeVersion).hero();
        Random random = new Random(61 + writeVersion);
        int served = 0;
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            Hero hero = hero(random, i);
            if (hero == null) {
                continue;
            }
            String id = hero.id().toString();
            byte[] entry = codec.encode(hero, CACHED_AT, TTL).getBytes(StandardCharsets.UTF_8);
            for (int m = 0; m < 400; m++) {
                byte[] changed = oneByteChanged(entry, random);
                CacheCodec.EntityJson json = codec.entityJson(changed, id);
                if (json == null) {
                    refused++;
                    continue;
                }
                served++;
                String text = new String(changed, StandardCharsets.UTF_8);
                Hero decoded;
                try {
                    decoded = codec.decode(text);
                } catch (CacheCodecException e) {
                    assertThat(e).as("served, yet refused by the decode path: %s", text)
                            .hasMessageContaining("holds an invalid value");
                    continue;
                }
                assertThat(decoded.id().toString()).isEqualTo(id);
                assertThat(new String(json.json(), StandardCharsets.UTF_8)).as(text)
                        .isEqualTo(new String(http.json(decoded, HeroResponse::of), StandardCharsets.UTF_8));
                assertThat(json.upcast()).isEqualTo(codec.isUpcast(decoded));
            }
        }
        assertThat(served).as("changes inside text, still the same shape").isGreaterThan(1_000);
        assertThat(refused).as("changes to the shape").isGreaterThan(1_000);
    }

    private static byte[] oneByteChanged(byte[] entry, Random random) {
        int at = random.nextInt(entry.length);
        byte mutant = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : MUTANTS[random.nextInt(MUTANTS.length)];
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] replaced = entry.clone();
                replaced[at] = mutant;
                yield replaced;
            }
            case 1 -> {
                byte[] removed = new byte[entry.length - 1];
                System.arraycopy(entry, 0, removed, 0, at);
                System.arraycopy(entry, at + 1, removed, at, entry.length - at - 1);
                yield removed;
            }
            default -> {
                byte[] added = new byte[entry.length + 1];
                System.arraycopy(entry, 0, added, 0, at);
                added[at] = mutant;
                System.arraycopy(entry, at, added, at + 1, entry.length - at);
                yield added;
            }
        };
    }

    private <T> void checkServedAsTheApiWritesIt(CacheCodec<T> codec, T value, String id,
                                                 Function<T, Object> toResponse, boolean upcast) {
        byte[] entry = codec.encode(value, CACHED_AT, TTL).getBytes(StandardCharsets.UTF_8);
        CacheCodec.EntityJson served = codec.entityJson(entry, id);
        T decoded = codec.decode(new String(entry, StandardCharsets.UTF_8));
        byte[] written = http.json(decoded, toResponse);
        assertThat(served).as("the fast path takes the entry %s", new String(entry, StandardCharsets.UTF_8))
                .isNotNull();
        assertThat(new String(served.json(), StandardCharsets.UTF_8))
                .isEqualTo(new String(written, StandardCharsets.UTF_8));
        assertThat(served.json()).isEqualTo(written);
        assertThat(EntityTag.of(served.json())).isEqualTo(EntityTag.of(written));
        assertThat(served.upcast()).isEqualTo(upcast);
        assertThat(codec.isUpcast(decoded)).isEqualTo(upcast);
        assertThat(codec.entityJson(entry, UUID.randomUUID().toString())).as("another key's id").isNull();
    }

    private Hero hero(Random random, int i) {
        boolean longest = i % 10 == 0;
        try {
            String name = text(random, longest ? Hero.NAME_MAX : 1 + random.nextInt(30), false);
            int age = i % 7 == 0 ? Hero.AGE_MAX : random.nextInt(Hero.AGE_MAX + 1);
            return new Hero(new HeroId(UUID.randomUUID()), name, age,
                    Gender.values()[i % Gender.values().length],
                    i % 5 == 0 ? "" : text(random, longest ? Hero.APPEARANCE_MAX : random.nextInt(200), true),
                    list(random, longest, Hero.LIST_MAX_ITEMS, Hero.LIST_ITEM_MAX), list(random, longest,
                            Hero.LIST_MAX_ITEMS, Hero.LIST_ITEM_MAX),
                    i % 3 == 0 ? List.of() : list(random, longest, Hero.LIST_MAX_ITEMS, Hero.LIST_ITEM_MAX),
                    Language.of(languages.get(i % languages.size())), instant(random, i), instant(random, i + 1));
        } catch (ValidationException e) {
            return null; // a generated text the domain refuses (say, only spaces): not a value the cache can hold
        }
    }

    private Child child(Random random, int i) {
        boolean longest = i % 10 == 0;
        try {
            return new Child(new ChildId(UUID.randomUUID()), text(random, longest ? Child.NAME_MAX
                    : 1 + random.nextInt(30), false), random.nextInt(Child.AGE_MAX + 1),
                    Gender.values()[i % Gender.values().length],
                    i % 4 == 0 ? List.of() : list(random, longest, Child.LIST_MAX_ITEMS, Child.LIST_ITEM_MAX),
                    Language.of(languages.get(i % languages.size())), instant(random, i), instant(random, i + 2));
        } catch (ValidationException e) {
            return null;
        }
    }

    private static List<String> list(Random random, boolean longest, int maxItems, int maxItemLength) {
        int items = longest ? maxItems : random.nextInt(4);
        List<String> list = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            list.add(text(random, longest ? maxItemLength : 1 + random.nextInt(20), false));
        }
        return list;
    }

    /** At most {@code length} characters (code points), starting with a letter so trimming keeps something. */
    private static String text(Random random, int length, boolean multiLine) {
        StringBuilder text = new StringBuilder("x");
        for (int i = 1; i < length; i++) {
            if (multiLine && random.nextInt(10) == 0) {
                text.append(BREAKS[random.nextInt(BREAKS.length)]);
                i += text.charAt(text.length() - 1) == '\n' && text.length() > 1
                        && text.charAt(text.length() - 2) == '\r' ? 1 : 0;
            } else {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return text.toString();
    }

    /** 0, 3 or 6 fractional digits by turns (the domain keeps microseconds). */
    private static Instant instant(Random random, int i) {
        Instant second = Instant.ofEpochSecond(946_684_800L + random.nextInt(1_000_000_000));
        return switch (i % 3) {
            case 0 -> second;
            case 1 -> second.plusMillis(1 + random.nextInt(999));
            default -> second.plusNanos(1_000L * (1 + random.nextInt(999_999)));
        };
    }
}

package dev.taleweaver.benchmarks.data;

import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A deterministic dataset: the same size and seed always give the same heroes, children and stories, ids included,
 * so a loaded schema can be recognised and reused and every run reads the same bytes.
 *
 * <p>Heroes are spread evenly over {@link #LANGUAGES} (10,000 heroes = 500 per language); a hero's fields are sized
 * like docs/caching.md's example entry. There is one child per five heroes and one story per two heroes.
 */
public record Dataset(long seed, List<Hero> heroes, List<Child> children, List<Story> stories) {

    /** Twenty ISO 639-1 languages. */
    public static final List<Language> LANGUAGES = List.of(
            "en", "es", "fr", "de", "it", "pt", "nl", "sv", "nb", "da",
            "fi", "pl", "cs", "ru", "uk", "tr", "ja", "ko", "zh", "ar").stream().map(Language::of).toList();

    /** Bump when the generator's output changes, so an old loaded schema is not mistaken for the new dataset. */
    public static final int GENERATOR_VERSION = 1;

    static final Instant EPOCH = Instant.parse("2024-01-15T10:30:00Z");

    private static final String[] EPITHETS = {"the Brave", "of the Stars", "Moonwhisper", "the Kind", "Stormrider",
            "the Curious", "Lightfoot", "of the Deep Wood", "Sunseeker", "the Clever"};
    private static final String[] COLOURS = {"blue", "golden", "silver", "crimson", "emerald", "violet", "amber"};
    private static final String[] GARMENTS = {"cape", "cloak", "scarf", "helmet", "pair of boots", "jacket"};
    private static final String[] MARKS = {"a golden star", "a silver moon", "a tiny dragon", "a lightning bolt",
            "a sleeping fox", "a paper boat"};
    private static final String[] TRAITS = {"brave", "kind", "curious", "patient", "funny", "gentle", "clever",
            "loyal", "cheerful", "honest", "calm", "daring"};
    private static final String[] INTERESTS = {"exploring space", "helping others", "reading maps", "baking bread",
            "collecting shells", "painting clouds", "building robots", "talking to owls", "sailing boats"};
    private static final String[] STRENGTHS = {"flying", "super strength", "talking to animals", "invisibility",
            "super speed", "healing", "weather magic", "shape shifting"};
    private static final String[] CHILD_NAMES = {"Mia", "Leo", "Ava", "Noah", "Zoe", "Ezra", "Lina", "Omar", "Ivy",
            "Finn", "Sara", "Yuki"};
    private static final String SENTENCE = "Once upon a time, under a sky full of sleepy stars, %s set out to find "
            + "the lost lantern of the moon, and every friend met on the way made the journey a little brighter. ";

    public static Dataset generate(int heroCount, long seed) {
        Random random = new Random(seed);
        SplittableRandom ids = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Hero> heroes = heroes(heroCount, random, ids);
        int childCount = Math.max(1, heroCount / 5);
        List<Child> children = new ArrayList<>(childCount);
        for (int i = 0; i < childCount; i++) {
            children.add(child(i, new ChildId(uuid(ids)), random));
        }
        int storyCount = Math.max(1, heroCount / 2);
        List<Story> stories = new ArrayList<>(storyCount);
        for (int i = 0; i < storyCount; i++) {
            Child child = children.get(i % childCount);
            Hero hero = heroes.get(random.nextInt(heroCount));
            stories.add(story(i, new StoryId(uuid(ids)), child, hero, random));
        }
        return new Dataset(seed, List.copyOf(heroes), List.copyOf(children), List.copyOf(stories));
    }

    /** Only the heroes of {@code generate(heroCount, seed)}, the same ones, without children and stories. */
    public static List<Hero> heroes(int heroCount, long seed) {
        return List.copyOf(heroes(heroCount, new Random(seed), new SplittableRandom(seed ^ 0x5DEECE66DL)));
    }

    private static List<Hero> heroes(int heroCount, Random random, SplittableRandom ids) {
        List<Hero> heroes = new ArrayList<>(heroCount);
        for (int i = 0; i < heroCount; i++) {
            heroes.add(hero(i, new HeroId(uuid(ids)), random));
        }
        return heroes;
    }

    /** What identifies this dataset in a loaded schema. */
    public String fingerprint() {
        return "v" + GENERATOR_VERSION + "/seed" + seed + "/" + heroes.size() + "h/" + children.size() + "c/"
                + stories.size() + "s";
    }

    private static Hero hero(int i, HeroId id, Random random) {
        Instant created = EPOCH.plus(Duration.ofSeconds(i));
        String name = String.format("Hero %05d %s", i, pick(EPITHETS, random));
        String appearance = "Wears a " + pick(COLOURS, random) + " " + pick(GARMENTS, random) + " with "
                + pick(MARKS, random) + " and carries a " + pick(COLOURS, random) + " lantern that glows at night";
        return new Hero(id, name, 6 + random.nextInt(600), Gender.values()[i % Gender.values().length], appearance,
                distinct(TRAITS, 3, random), distinct(INTERESTS, 2 + random.nextInt(2), random),
                distinct(STRENGTHS, 2, random), LANGUAGES.get(i % LANGUAGES.size()), created, created);
    }

    private static Child child(int i, ChildId id, Random random) {
        Instant created = EPOCH.plus(Duration.ofSeconds(i));
        return new Child(id, pick(CHILD_NAMES, random) + " " + i, 3 + random.nextInt(10),
                Gender.values()[i % Gender.values().length], distinct(INTERESTS, 2, random),
                LANGUAGES.get(i % LANGUAGES.size()), created, created);
    }

    /** About a kilobyte of text: a bedtime story, not a novel. */
    private static Story story(int i, StoryId id, Child child, Hero hero, Random random) {
        Instant created = EPOCH.plus(Duration.ofSeconds(i));
        String content = String.format(SENTENCE, hero.name()).repeat(4 + random.nextInt(3)).strip();
        Optional<Rating> rating = i % 3 == 0 ? Optional.empty() : Optional.of(new Rating(1 + random.nextInt(5)));
        return new Story(id, hero.name() + " and the Lantern of the Moon", content, child.id(), hero.id(),
                child.language(), rating, created, created);
    }

    private static String pick(String[] values, Random random) {
        return values[random.nextInt(values.length)];
    }

    private static List<String> distinct(String[] values, int count, Random random) {
        List<String> pool = new ArrayList<>(List.of(values));
        List<String> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            picked.add(pool.remove(random.nextInt(pool.size())));
        }
        return picked;
    }

    /** A version-4 UUID from the seeded generator, so ids look like the service's own. */
    private static UUID uuid(SplittableRandom random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low);
    }
}

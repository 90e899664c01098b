package dev.taleweaver.benchmarks.trace;

import dev.taleweaver.benchmarks.data.Dataset;
import dev.taleweaver.benchmarks.data.Zipf;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.story.Story;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A replayable workload (issue 15): the requests of children reading their stories, generated from a seed, so two
 * replays (prefetching off and on, today's TTLs and advised ones) see exactly the same requests in the same order.
 *
 * <p>A session is one child, picked by Zipf popularity among the children: the child opens its story list (the first
 * page), reads one of its stories (Zipf among them: a favourite is read again and again), then opens the story's hero
 * (most often) and its own profile (sometimes). Between sessions a reader browses a hero picked by Zipf among heroes
 * ranked by how many stories they appear in (heroes reused across stories are the popular ones). After a read, with
 * probability {@code writeShare}, comes a write: the child rates the story it read, or (one write in five) a hero is
 * renamed.
 *
 * @param steps the requests in order
 */
public record Trace(long seed, List<Step> steps) {

    /** The request kinds, as the HTTP routes name them. */
    public enum Kind {
        /** {@code GET /children/{id}/stories}: the first page. */
        STORY_LIST(false),
        /** {@code GET /stories/{id}}. */
        STORY(false),
        /** {@code GET /heroes/{id}}. */
        HERO(false),
        /** {@code GET /children/{id}}. */
        CHILD(false),
        /** {@code PUT /stories/{id}/rating}. */
        RATE_STORY(true),
        /** {@code PUT /heroes/{id}} changing the name. */
        RENAME_HERO(true);

        private final boolean write;

        Kind(boolean write) {
            this.write = write;
        }

        public boolean write() {
            return write;
        }
    }

    /** One request: its kind and the id it names. */
    public record Step(Kind kind, UUID id) {
    }

    /** The shape knobs of a generated trace. */
    public record Shape(int requests, double writeShare, double zipfExponent, long seed) {
        public static final double DEFAULT_WRITE_SHARE = 0.05;
        public static final double DEFAULT_ZIPF_EXPONENT = 1.0;

        public Shape {
            if (requests < 1 || writeShare < 0 || writeShare > 1 || zipfExponent < 0) {
                throw new IllegalArgumentException("a trace needs requests >= 1, a write share in [0, 1] and a"
                        + " non-negative Zipf exponent");
            }
        }
    }

    static final double OPEN_HERO = 0.7;
    static final double OPEN_CHILD = 0.3;
    static final double BROWSE_HERO = 0.2;
    static final double RENAME_SHARE = 0.2;

    /** The same dataset and shape always give the same trace. */
    public static Trace generate(Dataset dataset, Shape shape) {
        Random random = new Random(shape.seed());
        List<Child> children = new ArrayList<>(dataset.children());
        java.util.Collections.shuffle(children, random); // popularity is not the generation order
        Map<UUID, List<Story>> storiesOf = new HashMap<>();
        Map<UUID, Integer> storiesPerHero = new LinkedHashMap<>();
        for (Story story : dataset.stories()) {
            storiesOf.computeIfAbsent(story.childId().value(), id -> new ArrayList<>()).add(story);
            storiesPerHero.merge(story.heroId().value(), 1, Integer::sum);
        }
        List<UUID> heroesByUse = new ArrayList<>(dataset.heroes().stream().map(h -> h.id().value()).toList());
        heroesByUse.sort(Comparator.comparing((UUID id) -> -storiesPerHero.getOrDefault(id, 0)));
        Zipf childPick = new Zipf(children.size(), shape.zipfExponent());
        Zipf heroPick = new Zipf(heroesByUse.size(), shape.zipfExponent());
        Map<Integer, Zipf> storyPicks = new HashMap<>();

        List<Step> steps = new ArrayList<>(shape.requests() + 4);
        while (steps.size() < shape.requests()) {
            if (random.nextDouble() < BROWSE_HERO) {
                steps.add(new Step(Kind.HERO, heroesByUse.get(heroPick.next(random))));
                maybeWrite(steps, random, shape, null, heroesByUse, heroPick);
                continue;
            }
            Child child = children.get(childPick.next(random));
            UUID childId = child.id().value();
            steps.add(new Step(Kind.STORY_LIST, childId));
            List<Story> own = storiesOf.getOrDefault(childId, List.of());
            if (own.isEmpty()) {
                continue;
            }
            Zipf storyPick = storyPicks.computeIfAbsent(own.size(), n -> new Zipf(n, shape.zipfExponent()));
            Story story = own.get(storyPick.next(random));
            steps.add(new Step(Kind.STORY, story.id().value()));
            maybeWrite(steps, random, shape, story, heroesByUse, heroPick);
            if (random.nextDouble() < OPEN_HERO) {
                steps.add(new Step(Kind.HERO, story.heroId().value()));
            }
            if (random.nextDouble() < OPEN_CHILD) {
                steps.add(new Step(Kind.CHILD, childId));
            }
        }
        return new Trace(shape.seed(), List.copyOf(steps.subList(0, shape.requests())));
    }

    private static void maybeWrite(List<Step> steps, Random random, Shape shape, Story read, List<UUID> heroes,
                                   Zipf heroPick) {
        if (random.nextDouble() >= shape.writeShare()) {
            return;
        }
        if (read != null && random.nextDouble() >= RENAME_SHARE) {
            steps.add(new Step(Kind.RATE_STORY, read.id().value()));
        } else {
            steps.add(new Step(Kind.RENAME_HERO, heroes.get(heroPick.next(random))));
        }
    }

    /** How many steps of each kind, in {@link Kind} order. */
    public Map<Kind, Integer> counts() {
        Map<Kind, Integer> counts = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0);
        }
        steps.forEach(step -> counts.merge(step.kind(), 1, Integer::sum));
        return counts;
    }

    /** Distinct heroes named by the trace's steps, for a quick look at reuse. */
    public long distinct(Kind kind) {
        return steps.stream().filter(s -> s.kind() == kind).map(Step::id).distinct().count();
    }
}

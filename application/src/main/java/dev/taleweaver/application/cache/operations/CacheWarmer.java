package dev.taleweaver.application.cache.operations;

import dev.taleweaver.application.cache.aside.ChildCacheStrategy;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.aside.StoryCacheStrategy;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Cache warming (docs/operations.md, "Cache warming"): pre-populates the cache after start-up by reading through the cached repositories,
 * so the first users do not all pay a miss. It runs in the background ({@link #warm()} returns at once; the
 * service answers requests meanwhile) and is bounded in entries and in time.
 *
 * <p>Order, most valuable first: for each type (hero, child, story) its id list ({@code T:all}) and its id list
 * per language seen in it ({@code T:lang:*}, most common language first), read through the cache (collections are
 * id lists, ADR 11; the entities behind them are read once from the database, uncached); then the single entries
 * ({@code T:{id}}) of the most recently updated entities of all types together, newest first. {@code maxEntries}
 * bounds those single entries (lists are at most one per type and language); {@code maxDuration} bounds the
 * whole run, checked before every read.
 *
 * <p>It never fails: a failing read (database down) ends the warm-up with a WARN line, and the cache fills on
 * demand as usual. Warm-up reads are ordinary reads, so they appear as misses in the statistics and metrics of
 * the repositories they go through.
 */
public final class CacheWarmer {
    private static final Logger log = LoggerFactory.getLogger(CacheWarmer.class);

    /** How a warm-up ended. */
    public enum Outcome {
        /** Every list and every entity was read. */
        COMPLETED,
        /** Stopped after {@code maxEntries} single entries; older entities were left to load on demand. */
        ENTRY_BOUND_REACHED,
        /** Stopped because {@code maxDuration} had passed. */
        TIME_BOUND_REACHED,
        /** Stopped because the handle was cancelled (shutdown). */
        CANCELLED,
        /** A read failed; see the WARN line. */
        FAILED
    }

    /**
     * @param lists    list reads made ({@code T:all} and {@code T:lang:*})
     * @param entities single-entity reads made ({@code T:{id}})
     */
    public record Result(Outcome outcome, int lists, int entities, Duration duration) {
    }

    private final List<WarmedType<?, ?>> types;
    private final int maxEntries;
    private final Duration maxDuration;
    private final Clock clock;
    private final Executor executor;

    /**
     * @param heroes      the cached hero repository (the port bootstrap binds)
     * @param maxEntries  at most this many single entries, 0 or more
     * @param maxDuration stop starting new reads once this has passed, positive
     * @param executor    runs the warm-up, e.g. {@link #backgroundThread()}
     */
    public CacheWarmer(HeroRepository heroes, ChildRepository children, StoryRepository stories, int maxEntries,
                       Duration maxDuration, Clock clock, Executor executor) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("the warm-up's max entries must be 0 or more, got " + maxEntries);
        }
        if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("the warm-up's time bound must be positive, got " + maxDuration);
        }
        this.types = List.of(
                new WarmedType<>(HeroCacheStrategy.ENTITY_TYPE, heroes, Hero::id, HeroId::new, Hero::language,
                        Hero::updatedAt),
                new WarmedType<>(ChildCacheStrategy.ENTITY_TYPE, children, Child::id, ChildId::new, Child::language,
                        Child::updatedAt),
                new WarmedType<>(StoryCacheStrategy.ENTITY_TYPE, stories, StoryView::id, StoryId::new,
                        v -> v.story().language(), v -> v.story().updatedAt()));
        this.maxEntries = maxEntries;
        this.maxDuration = maxDuration;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Runs each warm-up on a new daemon thread named {@code cache-warmer}, so it never holds up shutdown. */
    public static Executor backgroundThread() {
        return task -> {
            Thread thread = new Thread(task, "cache-warmer");
            thread.setDaemon(true);
            thread.start();
        };
    }

    /**
     * Starts a warm-up on the executor and returns at once. The future completes with the result, never
     * exceptionally; cancelling it stops the warm-up before its next read.
     */
    public CompletableFuture<Result> warm() {
        CompletableFuture<Result> handle = new CompletableFuture<>();
        try {
            executor.execute(() -> handle.complete(run(handle::isDone)));
        } catch (RejectedExecutionException e) {
            log.warn("Cache warm-up not started: {}", e.toString());
            handle.complete(new Result(Outcome.FAILED, 0, 0, Duration.ZERO));
        }
        return handle;
    }

    private Result run(BooleanSupplier cancelled) {
        Run run = new Run(clock.instant(), cancelled);
        log.info("Cache warm-up started: lists of {}, then up to {} most recently updated entities, within {} s",
                String.join(", ", types.stream().map(WarmedType::entityType).toList()), maxEntries,
                maxDuration.toSeconds());
        try {
            List<Candidate> candidates = new ArrayList<>();
            for (WarmedType<?, ?> type : types) {
                if (!type.warmLists(run, candidates)) {
                    return run.stopped();
                }
            }
            candidates.sort(Comparator.comparing(Candidate::updatedAt).reversed());
            for (Candidate candidate : candidates) {
                if (run.entities == maxEntries) {
                    return run.finish(Outcome.ENTRY_BOUND_REACHED);
                }
                if (!run.proceed()) {
                    return run.stopped();
                }
                run.currentStep = candidate.key();
                candidate.warm().run();
                run.entities++;
            }
            return run.finish(Outcome.COMPLETED);
        } catch (RuntimeException e) {
            Result result = run.result(Outcome.FAILED);
            log.warn("Cache warm-up ended early: reading {} failed ({}); warmed {} list(s) and {} entities in {}"
                            + " ms; the cache fills on demand", run.currentStep, e.toString(), result.lists(),
                    result.entities(), result.duration().toMillis());
            return result;
        }
    }

    /** The progress of one warm-up. */
    private final class Run {
        private final Instant started;
        private final Instant deadline;
        private final BooleanSupplier cancelled;
        private Outcome stoppedBy;
        private String currentStep = "";
        private int lists;
        private int entities;

        Run(Instant started, BooleanSupplier cancelled) {
            this.started = started;
            this.deadline = started.plus(maxDuration);
            this.cancelled = cancelled;
        }

        /** Whether another read may start; remembers why not. */
        boolean proceed() {
            if (cancelled.getAsBoolean()) {
                stoppedBy = Outcome.CANCELLED;
            } else if (!clock.instant().isBefore(deadline)) {
                stoppedBy = Outcome.TIME_BOUND_REACHED;
            }
            return stoppedBy == null;
        }

        Result stopped() {
            return finish(stoppedBy);
        }

        Result finish(Outcome outcome) {
            Result result = result(outcome);
            String how = switch (outcome) {
                case COMPLETED -> "finished";
                case ENTRY_BOUND_REACHED -> "stopped at its bound of " + maxEntries + " entities";
                case TIME_BOUND_REACHED -> "stopped at its time bound of " + maxDuration.toSeconds() + " s";
                case CANCELLED -> "cancelled";
                case FAILED -> "failed";
            };
            log.info("Cache warm-up {}: {} list(s) and {} entities in {} ms", how, result.lists(),
                    result.entities(), result.duration().toMillis());
            return result;
        }

        Result result(Outcome outcome) {
            return new Result(outcome, lists, entities, Duration.between(started, clock.instant()));
        }
    }

    /** One single entry to warm, across types: read by id through its repository. */
    private record Candidate(String key, Instant updatedAt, Runnable warm) {
    }

    /** What the warm-up needs to know of one entity type, so one piece of code serves all three. */
    private record WarmedType<I, R>(String entityType, EntityRepository<I, ?, R> repository, Function<R, I> idOf,
                                    Function<UUID, I> memberId, Function<R, Language> languageOf,
                                    Function<R, Instant> updatedAtOf) {
        WarmedType {
            Objects.requireNonNull(repository, entityType + " repository");
        }

        /** Reads the type's lists and adds its entities to {@code candidates}; false when the run must stop. */
        boolean warmLists(CacheWarmer.Run run, List<Candidate> candidates) {
            run.currentStep = entityType + ":all";
            if (!run.proceed()) {
                return false;
            }
            // the id list through the cache; the entities themselves from the database in one query, uncached, so
            // that only the maxEntries most recently updated ones are put into the cache (below)
            List<I> ids = repository.members(Listing.ALL).stream().map(p -> memberId.apply(p.id())).toList();
            List<R> all = repository.findAllById(ids);
            run.lists++;
            List<Language> languages = byFrequency(all);
            int languageLists = 0;
            for (Language language : languages) {
                run.currentStep = entityType + ":lang:" + language.code();
                if (!run.proceed()) {
                    return false;
                }
                repository.members(new Listing.InLanguage(language));
                run.lists++;
                languageLists++;
            }
            for (R value : all) {
                I id = idOf.apply(value);
                candidates.add(new Candidate(entityType + ":" + id, updatedAtOf.apply(value),
                        () -> repository.findById(id)));
            }
            log.info("Cache warm-up: {}: all and {} language list(s) read, {} entities listed", entityType,
                    languageLists, all.size());
            return true;
        }

        private List<Language> byFrequency(List<R> values) {
            Map<Language, Integer> counts = new LinkedHashMap<>();
            values.forEach(v -> counts.merge(languageOf.apply(v), 1, Integer::sum));
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<Language, Integer>comparingByValue().reversed()
                            .thenComparing(e -> e.getKey().code()))
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }
}

package dev.taleweaver.benchmarks.jmh;

import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.MissReason;
import dev.taleweaver.benchmarks.data.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** Proves, before measuring, that a cached subject answers from the cache: a sample of reads, all hits. */
final class HitCheck {
    private static final int SAMPLE = 50;

    private HitCheck() {
    }

    /** @param cachedWith builds the cached repository under test, reporting to the listener it is given */
    static void requireHits(Function<CacheListener, ? extends HeroRepository> cachedWith, Dataset dataset) {
        Counts counts = new Counts();
        HeroRepository cached = cachedWith.apply(counts);
        int step = Math.max(1, dataset.heroes().size() / SAMPLE);
        for (int i = 0; i < dataset.heroes().size(); i += step) {
            cached.findById(dataset.heroes().get(i).id());
        }
        Dataset.LANGUAGES.forEach(cached::findByLanguage);
        cached.listAll();
        if (counts.misses.get() != 0 || counts.hits.get() == 0) {
            throw new IllegalStateException("the cache is not warm: " + counts.hits + " hits, " + counts.misses
                    + " misses " + counts.reasons + " in the check before measuring");
        }
    }

    private static final class Counts implements CacheListener {
        final AtomicLong hits = new AtomicLong();
        final AtomicLong misses = new AtomicLong();
        final List<String> reasons = new ArrayList<>();

        @Override
        public void onHit(String entityType, CacheOperation operation, long nanos) {
            hits.incrementAndGet();
        }

        @Override
        public synchronized void onMiss(String entityType, CacheOperation operation, long nanos, MissReason reason) {
            misses.incrementAndGet();
            if (reasons.size() < 5) {
                reasons.add(operation.tag() + ":" + reason);
            }
        }
    }
}

package dev.taleweaver.benchmarks.jmh;

import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.benchmarks.BenchStack;
import dev.taleweaver.benchmarks.data.Dataset;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.application.port.in.ValueOrJson;
import org.redisson.Redisson;
import org.redisson.client.codec.Codec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The three hero reads of one subject, addressed by index into arrays built before measuring, so the measured code
 * allocates nothing beyond what the subject itself does.
 */
interface HeroReads {

    /** find_by_id of the {@code heroIndex}-th hero of the dataset. */
    Object byId(int heroIndex);

    /** find_by_language of the {@code languageIndex}-th of {@link Dataset#LANGUAGES}. */
    Object byLanguage(int languageIndex);

    /** list_all. */
    Object all();

    /** Reads every key once (all ids, all languages, the whole list): fills an in-process cache before measuring. */
    static void touchEveryKey(HeroReads reads, Dataset dataset) {
        for (int i = 0; i < dataset.heroes().size(); i++) {
            reads.byId(i);
        }
        for (int i = 0; i < Dataset.LANGUAGES.size(); i++) {
            reads.byLanguage(i);
        }
        reads.all();
    }

    /** The reads of a repository: PostgreSQL itself, or any cache in front of it. */
    static HeroReads of(HeroRepository repository, Dataset dataset) {
        HeroId[] ids = dataset.heroes().stream().map(h -> h.id()).toArray(HeroId[]::new);
        Language[] languages = Dataset.LANGUAGES.toArray(Language[]::new);
        return new HeroReads() {
            @Override
            public Object byId(int heroIndex) {
                return repository.findById(ids[heroIndex]);
            }

            @Override
            public Object byLanguage(int languageIndex) {
                return repository.findByLanguage(languages[languageIndex]);
            }

            @Override
            public Object all() {
                return repository.listAll();
            }
        };
    }

    /** CACHED_JSON: find_by_id through {@code findValueOrJsonById} (ADR 13), the lists as {@link #of}. */
    static HeroReads jsonHits(HeroRepository repository, Dataset dataset) {
        HeroReads lists = of(repository, dataset);
        HeroId[] ids = dataset.heroes().stream().map(h -> h.id()).toArray(HeroId[]::new);
        return new HeroReads() {
            @Override
            public Object byId(int heroIndex) {
                return repository.findValueOrJsonById(ids[heroIndex]);
            }

            @Override
            public Object byLanguage(int languageIndex) {
                return lists.byLanguage(languageIndex);
            }

            @Override
            public Object all() {
                return lists.all();
            }
        };
    }

    /** Fails unless every find_by_id is answered as JSON: the subject must not silently measure decoding. */
    static void requireJson(HeroReads reads, Dataset dataset) {
        for (int i = 0; i < dataset.heroes().size(); i++) {
            Object found = reads.byId(i);
            if (!(found instanceof java.util.Optional<?> optional && optional.orElse(null) instanceof ValueOrJson<?> v
                    && v.isJson())) {
                throw new IllegalStateException("hero " + i + " was not answered as JSON: " + found);
            }
        }
    }

    /** Raw reads of the keys the cached repository reads, each by the function {@code read} makes for its key. */
    static HeroReads raw(BenchStack stack, Function<String, Supplier<?>> read) {
        var strategy = stack.heroStrategy();
        String prefix = stack.config().keyPrefix();
        Supplier<?>[] ids = stack.dataset().heroes().stream()
                .map(h -> read.apply(prefix + strategy.idKey(h.id()))).toArray(Supplier[]::new);
        Supplier<?>[] languages = Dataset.LANGUAGES.stream()
                .map(l -> read.apply(prefix + strategy.languageKey(l))).toArray(Supplier[]::new);
        Supplier<?> all = read.apply(prefix + strategy.allKey());
        return new HeroReads() {
            @Override
            public Object byId(int heroIndex) {
                return ids[heroIndex].get();
            }

            @Override
            public Object byLanguage(int languageIndex) {
                return languages[languageIndex].get();
            }

            @Override
            public Object all() {
                return all.get();
            }
        };
    }

    /** {@code GETRANGE key 0 bound} through Redisson's command executor, as RedissonCacheStore reads. */
    static Supplier<Object> getRange(BenchStack stack, String redisKey, Codec codec) {
        CommandAsyncExecutor executor = ((Redisson) stack.redis()).getCommandExecutor();
        return () -> executor.get(executor.readAsync(redisKey, codec, RedisCommands.GETRANGE, redisKey, 0,
                RedissonCacheStore.MAX_VALUE_BYTES));
    }

    /**
     * The floor: a Redisson GET, StringCodec, of the very keys the cached repository reads, returning the entry's text
     * undecoded. Buckets are created up front, so only the round trip is measured.
     */
    /** The store's own bounded read of each key ({@code getBytes}), failing on a miss: every key must be a hit. */
    static HeroReads storeGetBytes(BenchStack stack) {
        int prefix = stack.config().keyPrefix().length();
        var store = stack.redisStore();
        return raw(stack, key -> {
            String logical = key.substring(prefix);
            Supplier<?> read = () -> store.getBytes(logical)
                    .orElseThrow(() -> new IllegalStateException("no cached value under " + logical));
            read.get();
            return read;
        });
    }

    static HeroReads rawGet(BenchStack stack) {
        return raw(stack, key -> stack.redis().<String>getBucket(key, StringCodec.INSTANCE)::get);
    }
}

package dev.taleweaver.benchmarks.jmh;

import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.benchmarks.BenchStack;
import dev.taleweaver.benchmarks.data.Dataset;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.HeroId;
import org.redisson.api.RBucket;

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

    /**
     * The floor: a Redisson GET, StringCodec, of the very keys the cached repository reads, returning the entry's text
     * undecoded. Buckets are created up front, so only the round trip is measured.
     */
    @SuppressWarnings("unchecked")
    static HeroReads rawGet(BenchStack stack) {
        var strategy = stack.heroStrategy();
        RBucket<String>[] ids = stack.dataset().heroes().stream()
                .map(h -> stack.rawBucket(strategy.idKey(h.id()))).toArray(RBucket[]::new);
        RBucket<String>[] languages = Dataset.LANGUAGES.stream()
                .map(l -> stack.rawBucket(strategy.languageKey(l))).toArray(RBucket[]::new);
        RBucket<String> all = stack.rawBucket(strategy.allKey());
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
}

package dev.taleweaver.domain.paging;

import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.HeroId;

import java.util.Objects;
import java.util.Optional;

/**
 * Which list is read: every entity of a type, those in one language, or (stories only) those of one child, in one
 * language or not, and those featuring one hero. Each is one collection of docs/caching.md.
 */
public sealed interface Listing {

    /** Every entity. */
    Listing ALL = new All();

    /** A short stable text naming the list ({@code all}, {@code lang:en}, {@code child:{id}}…): cursors are bound to it. */
    String name();

    static Listing of(Optional<Language> language) {
        return language.<Listing>map(InLanguage::new).orElse(ALL);
    }

    record All() implements Listing {
        @Override
        public String name() {
            return "all";
        }
    }

    record InLanguage(Language language) implements Listing {
        public InLanguage {
            Objects.requireNonNull(language, "language");
        }

        @Override
        public String name() {
            return "lang:" + language.code();
        }
    }

    /** A child's stories, all or in one language. */
    record OfChild(ChildId child, Optional<Language> language) implements Listing {
        public OfChild {
            Objects.requireNonNull(child, "child");
            Objects.requireNonNull(language, "language");
        }

        @Override
        public String name() {
            return "child:" + child + language.map(l -> ":lang:" + l.code()).orElse("");
        }
    }

    /** The stories featuring a hero. */
    record OfHero(HeroId hero) implements Listing {
        public OfHero {
            Objects.requireNonNull(hero, "hero");
        }

        @Override
        public String name() {
            return "hero:" + hero;
        }
    }
}

package dev.taleweaver.adapter.postgres;

import dev.taleweaver.adapter.postgres.testing.PostgresSchemaExtension;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.UnknownParticipantsException;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.story.Story;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read-modify-write contract of EntityRepository on PostgreSQL: the change sees the row under a lock held until
 * the write commits, what it throws rolls back and propagates unchanged, and a story's participants are checked in
 * the writing transaction.
 */
class ReadModifyWriteIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private final PostgresHeroRepository heroes = new PostgresHeroRepository(POSTGRES.jdbi());
    private final PostgresChildRepository children = new PostgresChildRepository(POSTGRES.jdbi());
    private final PostgresStoryRepository stories = new PostgresStoryRepository(POSTGRES.jdbi());

    private Child mia;
    private Hero captain;

    @BeforeEach
    void miaAndTheCaptain() {
        mia = children.save(Fixtures.mia());
        captain = heroes.save(Fixtures.captainWonder());
    }

    @Test
    void whatAChangeThrowsRollsBackAndReachesTheCallerUnchanged() {
        IllegalStateException refused = new IllegalStateException("precondition failed");
        assertThatThrownBy(() -> heroes.update(captain.id(), locked -> {
            assertThat(locked).isEqualTo(captain);
            throw refused;
        })).isSameAs(refused);
        assertThat(heroes.findById(captain.id())).contains(captain);

        assertThatThrownBy(() -> heroes.delete(captain.id(), locked -> {
            throw refused;
        })).isSameAs(refused);
        assertThat(heroes.findById(captain.id())).contains(captain);
    }

    @Test
    void aSecondWriterWaitsForTheFirstAndSeesWhatItWrote() throws Exception {
        CountDownLatch firstHasTheLock = new CountDownLatch(1);
        CountDownLatch letTheFirstFinish = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> heroes.update(captain.id(), locked -> {
            firstHasTheLock.countDown();
            await(letTheFirstFinish);
            return Fixtures.renamed(locked, "First");
        }));
        assertThat(firstHasTheLock.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Hero> second = CompletableFuture.supplyAsync(() -> heroes.update(captain.id(),
                locked -> Fixtures.renamed(locked, locked.name() + " then Second")).orElseThrow().after());
        Thread.sleep(200);
        assertThat(second).as("blocked on the row lock").isNotDone();
        letTheFirstFinish.countDown();
        first.get(10, TimeUnit.SECONDS);

        assertThat(second.get(10, TimeUnit.SECONDS).name()).isEqualTo("First then Second");
    }

    @Test
    void aStoryWithAnUnknownChildOrHeroIsRefusedInTheWritingTransaction() {
        Child stranger = Fixtures.child("Nobody", Fixtures.EN);
        Hero ghost = Fixtures.hero("Ghost", Fixtures.EN);
        assertThatThrownBy(() -> stories.save(Fixtures.story("Orphan", stranger, ghost)))
                .isInstanceOfSatisfying(UnknownParticipantsException.class, e -> {
                    assertThat(e.childMissing()).isTrue();
                    assertThat(e.heroMissing()).isTrue();
                });
        Story story = stories.save(Fixtures.story("The Comet", mia, captain)).story();
        assertThatThrownBy(() -> stories.update(story.id(), locked -> new Story(story.id(), story.title(),
                story.content(), story.childId(), ghost.id(), story.language(), story.rating(), story.createdAt(),
                story.updatedAt().plusSeconds(1))))
                .isInstanceOfSatisfying(UnknownParticipantsException.class, e -> {
                    assertThat(e.childMissing()).isFalse();
                    assertThat(e.heroMissing()).isTrue();
                });
        assertThat(stories.findById(story.id()).orElseThrow().story()).isEqualTo(story);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

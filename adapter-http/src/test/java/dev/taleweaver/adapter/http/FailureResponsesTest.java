package dev.taleweaver.adapter.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.taleweaver.application.port.in.StorageUnavailableException;
import dev.taleweaver.application.port.in.WriteOutcomeUnknownException;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.paging.Position;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** What clients see when the system behind the API fails. */
class FailureResponsesTest {

    @Test
    void storageUnavailableIs503WithRetryAfter() {
        HeroRepository down = new FailingHeroRepository(() -> new StorageUnavailableException(
                "database unreachable at db.internal:5432", new SQLException("connection refused")));
        try (TestApi api = TestApi.builder().heroRepository(down).start()) {
            TestApi.Reply reply = api.get("/heroes");

            JsonNode problem = assertProblem(reply, 503, "https://taleweaver.dev/problems/storage-unavailable");
            assertThat(reply.header("Retry-After")).isEqualTo("5");
            assertThat(reply.body()).doesNotContain("db.internal", "connection refused");
            assertThat(problem.get("instance").asText()).isEqualTo("/heroes");
            assertProblem(api.post("/heroes", Bodies.captainWonder()), 503);
            assertProblem(api.get("/heroes/" + UUID.randomUUID()), 503);
        }
    }

    @Test
    void aWriteWhoseOutcomeIsUnknownIs503TooSoTheClientRetriesIt() {
        HeroRepository cut = new FailingHeroRepository(() -> new WriteOutcomeUnknownException(
                "update hero may have committed: the database is unavailable", null, null, null));
        try (TestApi api = TestApi.builder().heroRepository(cut).start()) {
            TestApi.Reply reply = api.put("/heroes/" + UUID.randomUUID(), Bodies.captainWonder());

            assertProblem(reply, 503, "https://taleweaver.dev/problems/storage-unavailable");
            assertThat(reply.header("Retry-After")).isEqualTo("5");
            assertThat(reply.body()).doesNotContain("committed");
        }
    }

    @Test
    void anUnexpectedFailureIs500WithoutInternalsAndIsLoggedWithItsStackTrace() {
        HeroRepository broken = new FailingHeroRepository(
                () -> new IllegalStateException("secret connection string user=admin"));
        Logger logger = (Logger) LoggerFactory.getLogger(ProblemHandlers.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (TestApi api = TestApi.builder().heroRepository(broken).start()) {
            TestApi.Reply reply = api.get("/heroes");

            JsonNode problem = assertProblem(reply, 500, "about:blank");
            assertThat(reply.body()).doesNotContain("secret", "IllegalState", "FailingHeroRepository");
            String detail = problem.get("detail").asText();
            assertThat(logged.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getThrowableProxy()).isNotNull();
                assertThat(event.getThrowableProxy().getMessage()).contains("secret");
                // the reference in the response finds the log line
                assertThat(detail).contains(event.getArgumentArray()[2].toString());
            });
        } finally {
            logger.detachAppender(logged);
        }
    }

    /** A hero store that fails every call the way the test says. */
    private record FailingHeroRepository(Supplier<RuntimeException> failure) implements HeroRepository {
        @Override
        public Optional<Hero> findById(HeroId id) {
            throw failure.get();
        }

        @Override
        public List<Hero> listAll() {
            throw failure.get();
        }

        @Override
        public List<Hero> findByLanguage(Language language) {
            throw failure.get();
        }

        @Override
        public Page<Hero> page(Listing listing, PageRequest request) {
            throw failure.get();
        }

        @Override
        public List<Position> members(Listing listing) {
            throw failure.get();
        }

        @Override
        public List<Hero> findAllById(Collection<HeroId> ids) {
            throw failure.get();
        }

        @Override
        public Hero save(Hero entity) {
            throw failure.get();
        }

        @Override
        public Optional<Updated<Hero>> update(Hero entity) {
            throw failure.get();
        }

        @Override
        public Optional<Hero> delete(HeroId id) {
            throw failure.get();
        }

        @Override
        public HeroId idOf(Hero entity) {
            return entity.id();
        }

        @Override
        public Optional<Updated<Hero>> update(HeroId id, Function<? super Hero, ? extends Hero> change) {
            throw failure.get();
        }

        @Override
        public Optional<Hero> delete(HeroId id, Consumer<? super Hero> check) {
            throw failure.get();
        }
    }
}

package dev.taleweaver.bootstrap.contract;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The response check bites: answers the document does not declare fail, declared ones pass. */
class OpenApiContractTest {
    private static final Optional<String> JSON = Optional.of("application/json");
    private static final Optional<String> PROBLEM = Optional.of("application/problem+json");
    private static final String ID = "0b0f1a8e-3c55-4c1e-9d59-6f8e1b2c3d4e";
    private static final String HERO = """
            {"id": "%s", "name": "Aurora", "age": 12, "gender": "female", "appearance": "",
             "personality_traits": [], "interests": [], "strengths": [], "language": "en",
             "created_at": "2024-01-15T10:30:00Z", "updated_at": "2024-01-15T10:30:00Z"}""".formatted(ID);

    private final OpenApiContract contract = OpenApiContract.get();

    @Test
    void aDeclaredAnswerPasses() {
        assertThatCode(() -> contract.check("GET", "/heroes/" + ID, 200, JSON, HERO)).doesNotThrowAnyException();
        assertThatCode(() -> contract.check("GET", "/heroes?language=en", 200, JSON,
                "{\"items\":[" + HERO + "],\"next_cursor\":null}"))
                .doesNotThrowAnyException();
        assertThatCode(() -> contract.check("PATCH", "/heroes", 405, PROBLEM,
                "{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,\"detail\":\"x\"}"))
                .doesNotThrowAnyException();
    }

    @Test
    void aBodyOutsideTheSchemaFails() {
        assertThatThrownBy(() -> contract.check("GET", "/heroes/" + ID, 200, JSON, HERO.replace("12", "1001")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("age");
        assertThatThrownBy(() -> contract.check("GET", "/heroes/" + ID, 200, JSON, HERO.replace(ID, "nope")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("uuid");
        assertThatThrownBy(() -> contract.check("GET", "/heroes/" + ID, 200, JSON,
                HERO.replace("\"age\"", "\"secret\": 1, \"age\""))).isInstanceOf(AssertionError.class);
    }

    @Test
    void anUndeclaredStatusOrMediaTypeFails() {
        assertThatThrownBy(() -> contract.check("GET", "/heroes/" + ID, 201, JSON, HERO))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not documented");
        assertThatThrownBy(() -> contract.check("GET", "/heroes/" + ID, 200, Optional.of("text/plain"), HERO))
                .isInstanceOf(AssertionError.class).hasMessageContaining("media type");
        assertThatThrownBy(() -> contract.check("DELETE", "/heroes/" + ID, 204, JSON, HERO))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no body");
        assertThatThrownBy(() -> contract.check("GET", "/nowhere", 200, JSON, "{}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no operation");
    }
}

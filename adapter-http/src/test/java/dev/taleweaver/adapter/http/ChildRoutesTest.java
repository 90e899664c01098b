package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChildRoutesTest {
    private final TestApi api = TestApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createAnswers201WithLocationAndTheChildInSpecShape() {
        TestApi.Reply reply = api.post("/children", Bodies.mia());

        assertThat(reply.status()).isEqualTo(201);
        JsonNode child = reply.json();
        assertThat(reply.header("Location")).isEqualTo("/children/" + child.get("id").asText());
        List<String> fields = new ArrayList<>();
        child.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "name", "age", "gender", "interests", "language", "created_at",
                "updated_at");
        assertThat(child.get("name").asText()).isEqualTo("Mia");
        assertThat(child.get("age").asInt()).isEqualTo(6);
        assertThat(child.get("gender").asText()).isEqualTo("female");
        assertThat(child.get("interests")).extracting(JsonNode::asText).containsExactly("dragons", "the sea");
        assertThat(child.get("created_at").asText()).isEqualTo("2024-01-15T10:30:00Z");
    }

    @Test
    void getListAndFilterByLanguage() {
        JsonNode mia = api.create("/children", Bodies.child("Mia", "en"));
        api.create("/children", Bodies.child("Léa", "fr"));

        assertThat(api.get("/children/" + mia.get("id").asText()).json()).isEqualTo(mia);
        assertThat(api.get("/children").items()).hasSize(2);
        assertThat(api.get("/children?language=fr").items()).extracting(c -> c.get("name").asText())
                .containsExactly("Léa");
    }

    @Test
    void replaceAndDelete() {
        String id = api.create("/children", Bodies.mia()).get("id").asText();

        TestApi.Reply replaced = api.put("/children/" + id, """
                {"name": "Mia Rose", "age": 7, "gender": "non_binary", "interests": [], "language": "en"}""");

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("name").asText()).isEqualTo("Mia Rose");
        assertThat(replaced.json().get("gender").asText()).isEqualTo("non_binary");
        assertThat(replaced.json().get("interests")).isEmpty();
        assertThat(api.delete("/children/" + id).status()).isEqualTo(204);
        assertThat(api.get("/children/" + id).status()).isEqualTo(404);
    }
}

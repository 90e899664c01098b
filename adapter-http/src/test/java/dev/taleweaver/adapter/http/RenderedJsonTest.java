package dev.taleweaver.adapter.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class RenderedJsonTest {
    private final RenderedJson rendered = new RenderedJson(JsonMapping.objectMapper());
    private final AtomicInteger writes = new AtomicInteger();
    private final Function<List<String>, Object> toResponse = names -> {
        writes.incrementAndGet();
        return Map.of("names", names);
    };

    @Test
    void theSameInstanceIsWrittenOnceAndServedAsTheSameBytes() {
        List<String> names = List.of("Aurora", "Mia");

        byte[] first = rendered.json(names, toResponse);
        byte[] second = rendered.json(names, toResponse);

        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("{\"names\":[\"Aurora\",\"Mia\"]}");
        assertThat(second).isSameAs(first);
        assertThat(writes).hasValue(1);
    }

    @Test
    void anEqualButOtherInstanceIsWrittenAgain() {
        rendered.json(List.of("Aurora"), toResponse);
        rendered.json(new ArrayList<>(List.of("Aurora")), toResponse);

        assertThat(writes).as("identity, not equality: a new value is never answered from an old one").hasValue(2);
    }

    @Test
    void aNewValueGetsItsOwnJson() {
        List<String> before = List.of("Aurora");
        List<String> after = List.of("Aurora Borealis");

        rendered.json(before, toResponse);

        assertThat(new String(rendered.json(after, toResponse), StandardCharsets.UTF_8))
                .isEqualTo("{\"names\":[\"Aurora Borealis\"]}");
    }

    @Test
    void withoutRememberingEveryAnswerIsWrittenAnewWithTheSameBytesAndTag() {
        RenderedJson fresh = new RenderedJson(JsonMapping.objectMapper(), false);
        List<String> names = List.of("Aurora", "Mia");

        RenderedJson.Rendered first = fresh.rendered(names, toResponse);
        RenderedJson.Rendered second = fresh.rendered(names, toResponse);

        assertThat(writes).as("nothing kept: no L1 hands out the same instance twice").hasValue(2);
        assertThat(second.json()).isNotSameAs(first.json()).isEqualTo(first.json());
        assertThat(second.etag()).isEqualTo(first.etag())
                .isEqualTo(rendered.rendered(names, toResponse).etag());
    }

    @Test
    void aPageJoinedFromRememberedItemsIsByteForByteWhatJacksonWritesForTheWholePage() {
        RenderedJson written = new RenderedJson(JsonMapping.objectMapper(), false);
        List<List<String>> items = List.of(List.of("Aurora", "Mïa \"the\" brave\n"), List.of("🐉", "</script>"),
                List.of());
        for (String next : new String[] {null, "abc-_DEF", "needs \"escaping\""}) {
            for (int size = 0; size <= items.size(); size++) {
                List<List<String>> page = items.subList(0, size);

                RenderedJson.Rendered joined = rendered.page(page, toResponse, next);
                RenderedJson.Rendered whole = written.page(page, toResponse, next);

                assertThat(new String(joined.json(), StandardCharsets.UTF_8))
                        .isEqualTo(new String(whole.json(), StandardCharsets.UTF_8));
                assertThat(joined.etag()).isEqualTo(whole.etag());
            }
        }
    }

    @Test
    void aPageReusesTheJsonOfItemsItHasSeen() {
        List<String> hero = List.of("Aurora");
        rendered.json(hero, toResponse);
        int before = writes.get();

        rendered.page(List.of(hero, hero), toResponse, null);

        assertThat(writes).as("the item was written once, before the page").hasValue(before);
    }

    @Test
    void theSamePageOfTheSameInstancesIsServedAsTheSameBytes() {
        List<String> a = List.of("Aurora");
        List<String> b = List.of("Mia");

        RenderedJson.Rendered first = rendered.page(List.of(a, b), toResponse, "next");
        RenderedJson.Rendered again = rendered.page(new ArrayList<>(List.of(a, b)), toResponse, "next");

        assertThat(again.json()).as("members the same instances: the joined page is kept").isSameAs(first.json());
        assertThat(again.etag()).isEqualTo(first.etag());
    }

    @Test
    void aPageWithAnotherMemberInstanceCursorOrSizeIsJoinedAgain() {
        List<String> a = List.of("Aurora");
        List<String> b = List.of("Mia");
        RenderedJson.Rendered first = rendered.page(List.of(a, b), toResponse, "next");

        RenderedJson.Rendered renamed = rendered.page(List.of(a, List.of("Mia the Brave")), toResponse, "next");
        RenderedJson.Rendered equalButNew = rendered.page(List.of(a, new ArrayList<>(b)), toResponse, "next");
        RenderedJson.Rendered lastPage = rendered.page(List.of(a, b), toResponse, null);
        RenderedJson.Rendered shorter = rendered.page(List.of(a), toResponse, "next");

        assertThat(new String(renamed.json(), StandardCharsets.UTF_8))
                .isEqualTo("{\"items\":[{\"names\":[\"Aurora\"]},{\"names\":[\"Mia the Brave\"]}],"
                        + "\"next_cursor\":\"next\"}");
        assertThat(equalButNew.json()).as("identity, not equality").isNotSameAs(first.json())
                .isEqualTo(first.json());
        assertThat(new String(lastPage.json(), StandardCharsets.UTF_8)).endsWith("\"next_cursor\":null}");
        assertThat(new String(shorter.json(), StandardCharsets.UTF_8))
                .isEqualTo("{\"items\":[{\"names\":[\"Aurora\"]}],\"next_cursor\":\"next\"}");
        assertThat(rendered.page(List.of(a, b), toResponse, "next").etag()).isEqualTo(first.etag());
    }
}

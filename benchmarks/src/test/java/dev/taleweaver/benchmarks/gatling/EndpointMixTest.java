package dev.taleweaver.benchmarks.gatling;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EndpointMixTest {

    @Test
    void theDefaultMixIsNinetyFivePercentReadsOverEveryEndpoint() {
        Endpoint.requireWhole();
        assertThat(Endpoint.writeShare()).isEqualTo(500);
        assertThat(Endpoint.values()).allSatisfy(e -> assertThat(e.share()).isPositive());
    }

    @Test
    void eachEndpointGetsItsSliceOfTheBasisPoints() {
        assertThat(Endpoint.at(0)).isEqualTo(Endpoint.HERO_BY_ID);
        assertThat(Endpoint.at(4199)).isEqualTo(Endpoint.HERO_BY_ID);
        assertThat(Endpoint.at(4200)).isEqualTo(Endpoint.HEROES_BY_LANGUAGE);
        assertThat(Endpoint.at(Endpoint.WHOLE - 1)).isEqualTo(Endpoint.PUT_STORY_RATING);
    }

    @Test
    void drawnRequestsFollowTheShares() {
        Map<Endpoint, Integer> drawn = new EnumMap<>(Endpoint.class);
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            drawn.merge(Endpoint.next(), 1, Integer::sum);
        }
        long writes = drawn.entrySet().stream().filter(e -> e.getKey().isWrite()).mapToLong(Map.Entry::getValue).sum();
        assertThat((double) writes / draws).isCloseTo(0.05, within(0.005));
        assertThat((double) drawn.get(Endpoint.HERO_BY_ID) / draws).isCloseTo(0.42, within(0.01));
    }
}

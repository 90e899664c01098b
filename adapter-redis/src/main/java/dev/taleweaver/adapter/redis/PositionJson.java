package dev.taleweaver.adapter.redis;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.taleweaver.domain.paging.Position;

import java.time.Instant;
import java.util.UUID;

/**
 * A member of a cached collection: its id and creation time (ADR 11). Other fields are ignored, so a collection
 * entry written by the release before id lists (a list of whole heroes, children or story views, each with
 * {@code id} and {@code created_at}) still reads as the id list it stands for during a rolling deploy.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PositionJson(String id, Instant createdAt) {

    static final WireMapping<Position, PositionJson> MAPPING =
            WireMapping.of(PositionJson.class, PositionJson::of, PositionJson::toPosition);

    static PositionJson of(Position position) {
        return new PositionJson(position.id().toString(), position.createdAt());
    }

    Position toPosition() {
        return new Position(createdAt, UUID.fromString(id));
    }
}

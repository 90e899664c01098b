package dev.taleweaver.application.port.in;

import java.util.Optional;

/** The manual flush of docs/operations.md: {@code DELETE /admin/cache/{entity_type}} and {@code DELETE /admin/cache}. */
public interface FlushCache {

    /**
     * Deletes every cached key of one entity type, or of this deployment when empty (SCAN-based, only
     * this deployment's key prefix).
     *
     * @throws dev.taleweaver.domain.common.ValidationException (field {@code entity_type}) for an unknown type
     */
    FlushResult flush(Optional<String> entityType);

    /** @param scope the entity type, or "all" */
    record FlushResult(String scope, long keysDeleted) {
    }
}

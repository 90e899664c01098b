package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.FlushCache;

/** {@code DELETE /admin/cache[/{entity_type}]}: what was flushed ("hero", "child", "story" or "all") and how much. */
record FlushResponse(String scope, long keysDeleted) {
    static FlushResponse of(FlushCache.FlushResult result) {
        return new FlushResponse(result.scope(), result.keysDeleted());
    }
}

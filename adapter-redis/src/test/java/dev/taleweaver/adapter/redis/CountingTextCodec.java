package dev.taleweaver.adapter.redis;

import dev.taleweaver.application.port.out.CacheCodec;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** A codec of plain text that counts its decodes; each decode makes a new instance, as a real codec's does. */
final class CountingTextCodec implements CacheCodec<String> {
    private final AtomicInteger decodes = new AtomicInteger();

    @Override
    public String encode(String value, Instant cachedAt, Duration ttl) {
        return value;
    }

    @Override
    public String decode(String text) {
        decodes.incrementAndGet();
        return new String(text);
    }

    AtomicInteger decodes() {
        return decodes;
    }
}

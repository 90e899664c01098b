package dev.taleweaver.application.cache.testing;

import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheCodecException;
import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.application.port.out.OutdatedCacheEntryException;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Position;
import dev.taleweaver.domain.story.StoryView;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Codecs that need no JSON library: encoding files the value in a registry and returns a generated handle
 * such as {@code v2|hero|17}; decoding looks the handle up. Handles of another schema version decode as
 * {@link OutdatedCacheEntryException}, anything else unknown as {@link CacheCodecException}, so a test can
 * plant {@link #corruptEntry()} or {@link #outdatedEntry} text, and make encoding fail with
 * {@link #failEncoding(boolean)}.
 */
public final class RegistryCacheCodecs implements CacheCodecs {
    public static final String SCHEMA = "v2";
    private static final String OLD_SCHEMA = "v1";

    /** What one encoding recorded: the value and the entry's metadata. */
    public record Written(Object value, Instant cachedAt, Duration ttl) {
    }

    private final Map<String, Written> registry = new ConcurrentHashMap<>();
    private final AtomicLong handles = new AtomicLong();
    private volatile boolean failEncoding;
    private volatile boolean serveEntityJson = true;

    private final CacheCodec<Hero> hero = new RegistryCodec<>("hero");
    private final CacheCodec<List<Hero>> heroes = new RegistryCodec<>("heroes");
    private final CacheCodec<Child> child = new RegistryCodec<>("child");
    private final CacheCodec<List<Child>> children = new RegistryCodec<>("children");
    private final CacheCodec<StoryView> story = new RegistryCodec<>("story");
    private final CacheCodec<List<StoryView>> stories = new RegistryCodec<>("stories");
    private final CacheCodec<List<Position>> members = new RegistryCodec<>("members");

    @Override
    public CacheCodec<Hero> hero() {
        return hero;
    }

    @Override
    public CacheCodec<List<Hero>> heroes() {
        return heroes;
    }

    @Override
    public CacheCodec<Child> child() {
        return child;
    }

    @Override
    public CacheCodec<List<Child>> children() {
        return children;
    }

    @Override
    public CacheCodec<StoryView> story() {
        return story;
    }

    @Override
    public CacheCodec<List<StoryView>> stories() {
        return stories;
    }

    @Override
    public CacheCodec<List<Position>> members() {
        return members;
    }

    /** While on, every encode throws {@link CacheCodecException}, as an unserialisable value would. */
    public void failEncoding(boolean fail) {
        failEncoding = fail;
    }

    /**
     * While on (the default), a hero's or child's entry this registry wrote in the current schema is handed out as
     * entity JSON ({@link CacheCodec#entityJson}): the bytes of {@code json|} and the entry's handle.
     */
    public void serveEntityJson(boolean serve) {
        serveEntityJson = serve;
    }

    /** The entity JSON {@link CacheCodec#entityJson} hands out for an entry. */
    public static byte[] entityJsonOf(String entry) {
        return ("json|" + entry).getBytes(StandardCharsets.UTF_8);
    }

    /** Text no codec can read. */
    public static String corruptEntry() {
        return "{\"entity\": {\"id\": truncated";
    }

    /** A well-formed entry of the previous schema version holding {@code value}. */
    public String outdatedEntry(String shape, Object value) {
        String handle = OLD_SCHEMA + "|" + shape + "|" + handles.incrementAndGet();
        registry.put(handle, new Written(value, Instant.EPOCH, Duration.ofHours(1)));
        return handle;
    }

    /** What was encoded into {@code text}, if this registry wrote it. */
    public Optional<Written> written(String text) {
        return Optional.ofNullable(registry.get(text));
    }

    private final class RegistryCodec<T> implements CacheCodec<T> {
        private final String shape;

        private RegistryCodec(String shape) {
            this.shape = shape;
        }

        @Override
        public String encode(T value, Instant cachedAt, Duration ttl) {
            if (failEncoding) {
                throw new CacheCodecException("cannot encode " + shape + " (test switch)", null);
            }
            String handle = SCHEMA + "|" + shape + "|" + handles.incrementAndGet();
            registry.put(handle, new Written(value, cachedAt, ttl));
            return handle;
        }

        @Override
        public Optional<Instant> expiresAt(String text) {
            return written(text).map(w -> w.cachedAt().plus(w.ttl()));
        }

        @Override
        @SuppressWarnings("unchecked")
        public T decode(String text) {
            String[] parts = text.split("\\|");
            if (parts.length != 3) {
                throw new CacheCodecException("not a cache entry: " + text, null);
            }
            if (!parts[1].equals(shape)) {
                throw new CacheCodecException("a " + parts[1] + " entry where a " + shape + " was expected", null);
            }
            Written written = registry.get(text);
            if (written == null) {
                throw new CacheCodecException("unknown entry " + text, null);
            }
            if (!parts[0].equals(SCHEMA)) {
                throw new OutdatedCacheEntryException("entry of schema " + parts[0] + ", current is " + SCHEMA);
            }
            return (T) written.value();
        }

        @Override
        public EntityJson entityJson(byte[] entry, String id) {
            String text = new String(entry, StandardCharsets.UTF_8);
            Written written = registry.get(text);
            if (!serveEntityJson || written == null || !text.startsWith(SCHEMA + "|" + shape + "|")) {
                return null;
            }
            Object entityId = written.value() instanceof Hero hero ? hero.id()
                    : written.value() instanceof Child child ? child.id() : null;
            return entityId != null && entityId.toString().equals(id)
                    ? new EntityJson(entityJsonOf(text), false) : null;
        }
    }
}

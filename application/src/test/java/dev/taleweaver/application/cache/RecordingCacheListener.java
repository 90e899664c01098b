package dev.taleweaver.application.cache;

import dev.taleweaver.application.port.out.CacheErrorKind;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.application.port.out.InvalidationReason;
import dev.taleweaver.application.port.out.MissReason;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** Records listener events as short strings such as {@code "miss hero find_by_id ABSENT"}. */
final class RecordingCacheListener implements CacheListener {
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private volatile Consumer<CircuitState> onCircuitChange = state -> { };
    /** Off by default, so the many exact event lists of other tests need not mention every write. */
    private volatile boolean recordPuts;
    private volatile boolean recordPageMembers;

    @Override
    public void onHit(String entityType, CacheOperation operation, long nanos) {
        record("hit " + entityType + " " + operation.tag(), nanos);
    }

    @Override
    public void onMiss(String entityType, CacheOperation operation, long nanos, MissReason reason) {
        record("miss " + entityType + " " + operation.tag() + " " + reason, nanos);
    }

    @Override
    public void onLoad(String entityType, long nanos) {
        record("load " + entityType, nanos);
    }

    @Override
    public void onPut(String entityType) {
        if (recordPuts) {
            events.add("put " + entityType);
        }
    }

    /** From now on records {@code "put <entity>"} for each successful cache write. */
    void recordPuts() {
        recordPuts = true;
    }

    @Override
    public void onPageMembers(String entityType, int cached, int loaded) {
        if (recordPageMembers) {
            events.add("members " + entityType + " cached=" + cached + " loaded=" + loaded);
        }
    }

    /** From now on records {@code "members <entity> cached=<n> loaded=<m>"} for each page assembled. */
    void recordPageMembers() {
        recordPageMembers = true;
    }

    @Override
    public void onInvalidation(String entityType, InvalidationReason reason, int keyCount) {
        events.add("invalidation " + entityType + " " + reason + " " + keyCount);
    }

    @Override
    public void onError(String entityType, CacheErrorKind kind) {
        events.add("error " + entityType + " " + kind);
    }

    @Override
    public void onCircuitStateChange(CircuitState state) {
        onCircuitChange.accept(state);
        events.add("circuit " + state);
    }

    /** Runs {@code action} inside each circuit state change, to see the world as it is at that moment. */
    void whenCircuitChanges(Consumer<CircuitState> action) {
        onCircuitChange = action;
    }

    List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<String> eventsStartingWith(String prefix) {
        return events().stream().filter(e -> e.startsWith(prefix)).toList();
    }

    void clear() {
        events.clear();
    }

    private void record(String event, long nanos) {
        if (nanos < 0) {
            throw new AssertionError("negative duration for " + event);
        }
        events.add(event);
    }
}

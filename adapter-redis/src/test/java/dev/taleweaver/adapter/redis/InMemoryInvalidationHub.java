package dev.taleweaver.adapter.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pub/sub channel in memory for {@link TwoLevelCacheStore}'s unit tests: PUBLISH delivers at once, in order, to
 * every subscribed endpoint, on the publisher's thread. A test can hold deliveries back (messages in flight), drop
 * an endpoint's next messages (a subscription that lost them) or renew its subscription.
 */
final class InMemoryInvalidationHub {
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;

    Endpoint endpoint() {
        Endpoint endpoint = new Endpoint();
        endpoints.add(endpoint);
        return endpoint;
    }

    /** From now on messages stay in flight until {@link #release()}. */
    synchronized void hold() {
        holding = true;
    }

    /** Delivers what was held, in order, and stops holding. */
    synchronized void release() {
        holding = false;
        List<Runnable> deliveries = List.copyOf(held);
        held.clear();
        deliveries.forEach(Runnable::run);
    }

    private synchronized void deliver(String message) {
        for (Endpoint endpoint : endpoints) {
            if (holding) {
                held.add(() -> endpoint.receive(message));
            } else {
                endpoint.receive(message);
            }
        }
    }

    final class Endpoint implements InvalidationTopic {
        private volatile Listener listener;
        private int toDrop;
        private final List<String> published = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "in-memory";
        }

        @Override
        public void ensureSubscribed(Listener newListener) {
            if (listener == null) {
                listener = newListener;
                newListener.onSubscribed();
            }
        }

        @Override
        public void publish(String message) {
            published.add(message);
            deliver(message);
        }

        @Override
        public CompletionStage<?> publishAsync(String message) {
            publish(message);
            return CompletableFuture.completedFuture(1L);
        }

        @Override
        public void close() {
            listener = null;
        }

        /** This endpoint's subscription misses the next {@code count} messages. */
        synchronized void dropNext(int count) {
            toDrop += count;
        }

        /** As after a reconnect: the subscriber is told its subscription is new. */
        void renewSubscription() {
            listener.onSubscribed();
        }

        /** What this endpoint published, heartbeats left out. */
        List<String> publishedInvalidations() {
            return published.stream().filter(m -> m.charAt(0) != L1Message.HEARTBEAT).toList();
        }

        private void receive(String message) {
            synchronized (this) {
                if (toDrop > 0) {
                    toDrop--;
                    return;
                }
            }
            Listener current = listener;
            if (current != null) {
                current.onMessage(message);
            }
        }
    }
}

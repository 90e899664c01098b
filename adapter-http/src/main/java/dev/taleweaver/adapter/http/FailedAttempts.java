package dev.taleweaver.adapter.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed admin-token attempts per client address, in a fixed window that opens with an address's first failure:
 * after {@code maxFailures} failures the address is refused until its window ends. Memory is bounded: at most
 * {@code maxAddresses} addresses are tracked, each for one window; past that Caffeine evicts by its size policy, and
 * an evicted address starts counting again.
 */
final class FailedAttempts {
    private record Window(long startNanos, AtomicInteger failures) {
    }

    private final int maxFailures;
    private final Duration window;
    private final Ticker ticker;
    private final Cache<String, Window> windows;

    FailedAttempts(int maxFailures, Duration window, int maxAddresses, Ticker ticker) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.ticker = ticker;
        this.windows = Caffeine.newBuilder()
                .maximumSize(maxAddresses)
                .expireAfterWrite(window) // written once, at the window's first failure
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** How long {@code address} must wait before it may try again; empty when it may try now. */
    Optional<Duration> blockedFor(String address) {
        Window current = windows.getIfPresent(address);
        if (current == null || current.failures().get() < maxFailures) {
            return Optional.empty();
        }
        long left = current.startNanos() + window.toNanos() - ticker.read();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    void failed(String address) {
        windows.get(address, a -> new Window(ticker.read(), new AtomicInteger())).failures().incrementAndGet();
    }

    void succeeded(String address) {
        windows.invalidate(address);
    }

    long trackedAddresses() {
        windows.cleanUp();
        return windows.estimatedSize();
    }
}

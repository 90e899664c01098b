package dev.taleweaver.application.cache;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Wraps a repository (any interface) to count its calls per method, hold a method's calls at a gate, or make
 * the next call of a method fail: the "database" side of the cache tests.
 */
final class SpiedRepository<T> implements InvocationHandler {
    private final T target;
    private final T proxy;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    private final Map<String, Function<Object, RuntimeException>> failuresAfter = new ConcurrentHashMap<>();

    private SpiedRepository(Class<T> type, T target) {
        this.target = target;
        this.proxy = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, this));
    }

    static <T> SpiedRepository<T> spy(Class<T> type, T target) {
        return new SpiedRepository<>(type, target);
    }

    T repository() {
        return proxy;
    }

    int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    void resetCalls() {
        calls.clear();
    }

    /** Every call of {@code method} waits at the returned gate until it is opened. */
    Gate gate(String method) {
        Gate gate = new Gate();
        gates.put(method, gate);
        return gate;
    }

    /** The next call of {@code method} (after any gate) throws {@code failure}. */
    void failNextCall(String method, RuntimeException failure) {
        failures.put(method, failure);
    }

    /**
     * The next call of {@code method} does its work (the write commits), then throws what {@code failure} makes of
     * its result: a commit whose acknowledgement was lost.
     */
    void failNextCallAfterItsWork(String method, Function<Object, RuntimeException> failure) {
        failuresAfter.put(method, failure);
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return method.invoke(this, args);
        }
        String name = method.getName();
        calls.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        Gate gate = gates.get(name);
        if (gate != null) {
            gate.pass();
        }
        RuntimeException failure = failures.remove(name);
        if (failure != null) {
            throw failure;
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        Function<Object, RuntimeException> failureAfter = failuresAfter.remove(name);
        if (failureAfter != null) {
            throw failureAfter.apply(result);
        }
        return result;
    }

    /** Holds callers until opened; tells the test how many have arrived. */
    static final class Gate {
        private static final long TIMEOUT_SECONDS = 10;
        private final CountDownLatch open = new CountDownLatch(1);
        private final Semaphore arrivals = new Semaphore(0);

        /** Waits until one more caller has arrived at the gate. */
        void awaitArrival() throws InterruptedException {
            if (!arrivals.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("nobody arrived at the gate within " + TIMEOUT_SECONDS + " s");
            }
        }

        void open() {
            open.countDown();
        }

        private void pass() throws InterruptedException {
            arrivals.release();
            if (!open.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the gate was never opened");
            }
        }
    }
}

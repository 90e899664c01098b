package dev.taleweaver.application.port.out;

/** The outcome of an update: the state before and after, read atomically with the write. */
public record Updated<R>(R before, R after) {
    public Updated {
        if (before == null || after == null) {
            throw new IllegalArgumentException("an update has a before and an after");
        }
    }
}

package dev.taleweaver.application.port.out;

/**
 * The store found, under a key of its own, data it never writes — a value of another Redis type (a list, a hash),
 * a version that is no number, a value over the store's size bound — and deleted or replaced it: in the script that
 * met it, or (for a read) in one run right after it. Like any unreadable entry it is a {@link CacheCodecException}: the store answered, so it is not a store
 * failure and never opens a circuit; the caller counts it as a deserialization error and reads the database.
 *
 * <p>For {@link CacheStore#invalidate} it is thrown after every key was invalidated: the invalidation is done.
 */
public class AlienCacheDataException extends CacheCodecException {
    private static final long serialVersionUID = 1L;

    public AlienCacheDataException(String message, Throwable cause) {
        super(message, cause);
    }
}

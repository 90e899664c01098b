package dev.taleweaver.application.port.out;

/** The entry was written under another schema version: treat it as a miss and replace it. */
public class OutdatedCacheEntryException extends CacheCodecException {
    private static final long serialVersionUID = 1L;

    public OutdatedCacheEntryException(String message) {
        super(message, null);
    }
}

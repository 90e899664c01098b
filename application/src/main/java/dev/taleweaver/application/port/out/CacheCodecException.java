package dev.taleweaver.application.port.out;

/** A value could not be serialised, or stored text could not be read back (corrupt entry). */
public class CacheCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CacheCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.taleweaver.adapter.http;

/**
 * How the HTTP server listens.
 *
 * @param port            TCP port, 0 to let the OS pick a free one (tests)
 * @param maxRequestBytes largest request body accepted; bigger bodies get 413
 * @param maxConnections  client connections held open at once; beyond it new ones wait in the kernel's accept
 *                        queue until one closes (each open connection costs memory, see HttpServer)
 */
public record HttpConfig(int port, long maxRequestBytes, int maxConnections) {

    /** Big enough for a story at its 20,000-character limit in any script, small enough to bound memory per request. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 256L * 1024;

    /** Far above the spec's 100+ concurrent connections; bounds their memory to well under 200 MB. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;

    public HttpConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535 (0 = any free port), got " + port);
        }
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes must be positive, got " + maxRequestBytes);
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
        }
    }

    public HttpConfig(int port, long maxRequestBytes) {
        this(port, maxRequestBytes, DEFAULT_MAX_CONNECTIONS);
    }

    public HttpConfig(int port) {
        this(port, DEFAULT_MAX_REQUEST_BYTES);
    }
}

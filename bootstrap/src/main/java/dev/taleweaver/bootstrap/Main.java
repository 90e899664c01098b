package dev.taleweaver.bootstrap;

import java.time.Clock;
import java.util.Locale;

/** Entry point: read settings, start, stop gracefully on SIGTERM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        selectLogFormat();
        Settings settings;
        try {
            settings = Settings.fromEnvironment();
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Taleweaver service;
        try {
            service = Taleweaver.start(settings, Clock.systemUTC());
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Main.class).error("Taleweaver could not start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        // SIGTERM and Ctrl-C run shutdown hooks: drain HTTP, then close the pools
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "taleweaver-shutdown"));
    }

    /**
     * LOG_FORMAT=json picks the JSON Logback configuration, HTTP_ACCESS_LOG (default: on with json, off with text)
     * the level of the access logger both configurations read from {@value #ACCESS_LOG_PROPERTY}; must run before
     * the first logger is created.
     */
    private static void selectLogFormat() {
        String format = System.getenv().getOrDefault("LOG_FORMAT", "text").strip().toLowerCase(Locale.ROOT);
        if (format.equals("json") && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        } else if (!format.equals("text") && !format.equals("json")) {
            invalid("LOG_FORMAT: must be text or json (got \"" + format + "\")");
        }
        String accessLog = System.getenv().getOrDefault("HTTP_ACCESS_LOG", Boolean.toString(format.equals("json")))
                .strip().toLowerCase(Locale.ROOT);
        if (!accessLog.equals("true") && !accessLog.equals("false")) {
            invalid("HTTP_ACCESS_LOG: must be true or false (got \"" + accessLog + "\")");
        }
        System.setProperty(ACCESS_LOG_PROPERTY, accessLog.equals("true") ? "INFO" : "OFF");
    }

    /** The access logger's level, INFO or OFF, as logback.xml and logback-json.xml read it. */
    static final String ACCESS_LOG_PROPERTY = "taleweaver.accessLog";

    private static void invalid(String problem) {
        System.err.println("Invalid configuration:\n  " + problem);
        System.exit(2);
    }
}

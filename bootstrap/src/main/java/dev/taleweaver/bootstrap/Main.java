package dev.taleweaver.bootstrap;

import java.time.Clock;

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
     * LOG_FORMAT=json picks the JSON Logback configuration, HTTP_ACCESS_LOG the level of the access logger both
     * configurations read from {@value #ACCESS_LOG_PROPERTY} (both read through {@link Settings#logging}); must run
     * before the first logger is created.
     */
    private static void selectLogFormat() {
        Settings.Logging logging;
        try {
            logging = Settings.logging(System.getenv());
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (logging.json() && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
        System.setProperty(ACCESS_LOG_PROPERTY, logging.accessLog() ? "INFO" : "OFF");
    }

    /** The access logger's level, INFO or OFF, as logback.xml and logback-json.xml read it. */
    static final String ACCESS_LOG_PROPERTY = "taleweaver.accessLog";
}

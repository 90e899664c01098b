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

    /** LOG_FORMAT=json picks the JSON Logback configuration; must run before the first logger is created. */
    private static void selectLogFormat() {
        String format = System.getenv().getOrDefault("LOG_FORMAT", "text").strip().toLowerCase(Locale.ROOT);
        if (format.equals("json") && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        } else if (!format.equals("text") && !format.equals("json")) {
            System.err.println("Invalid configuration:\n  LOG_FORMAT: must be text or json (got \"" + format + "\")");
            System.exit(2);
        }
    }
}

package dev.taleweaver.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One of the service's own Logback configurations (logback.xml or logback-json.xml from bootstrap's main resources),
 * loaded into a private context, rendering events exactly as the service's STDOUT appender would.
 */
final class ServiceLogFormat implements AutoCloseable {
    private final LoggerContext context = new LoggerContext();
    private final OutputStreamAppender<ILoggingEvent> stdout;

    @SuppressWarnings("unchecked")
    private ServiceLogFormat(String resource) throws JoranException {
        context.setMDCAdapter(new LogbackMDCAdapter());
        URL url = Objects.requireNonNull(getClass().getClassLoader().getResource(resource), resource);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(url);
        stdout = (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
    }

    static ServiceLogFormat text() throws JoranException {
        return new ServiceLogFormat("logback.xml");
    }

    static ServiceLogFormat json() throws JoranException {
        return new ServiceLogFormat("logback-json.xml");
    }

    /** The bytes the service would write for an ERROR event of {@code logger}. */
    String render(String logger, String message, Throwable thrown, Object... arguments) {
        return render(Map.of(), logger, message, thrown, arguments);
    }

    /** The bytes the service would write for an ERROR event of {@code logger} with {@code mdc} in the MDC. */
    String render(Map<String, String> mdc, String logger, String message, Throwable thrown, Object... arguments) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger(logger), Level.ERROR, message,
                thrown, arguments);
        event.setMDCPropertyMap(mdc);
        return new String(stdout.getEncoder().encode(event), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        context.stop();
    }
}

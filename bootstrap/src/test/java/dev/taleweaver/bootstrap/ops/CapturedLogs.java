package dev.taleweaver.bootstrap.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every log event of the JVM while open: a Logback {@link ListAppender} on the root logger, with the service's own
 * loggers ({@code dev.taleweaver}) turned up to the level asked for. Closing it detaches the appender and restores
 * the level.
 */
final class CapturedLogs implements AutoCloseable {
    private static final String SERVICE_LOGGERS = "dev.taleweaver";

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger service = (Logger) LoggerFactory.getLogger(SERVICE_LOGGERS);
    private final Level previousLevel;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            // Logback reads the MDC (and formats the message) lazily, on whichever thread asks first; fix them now,
            // on the thread that logged, or the test thread's empty MDC would be read later.
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };

    private CapturedLogs(Level serviceLevel) {
        previousLevel = service.getLevel();
        service.setLevel(serviceLevel);
        appender.setContext(root.getLoggerContext());
        appender.setName("ops-e2e-capture");
        appender.start();
        root.addAppender(appender);
    }

    /** Captures from now on, the service's loggers at {@code serviceLevel}. */
    static CapturedLogs start(Level serviceLevel) {
        return new CapturedLogs(serviceLevel);
    }

    /** What was logged so far (a copy; the service's threads keep logging). */
    List<ILoggingEvent> events() {
        // AppenderBase.doAppend holds the appender's lock while it appends
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }

    /** Events of one logger (by class). */
    List<ILoggingEvent> from(Class<?> logger) {
        return events().stream().filter(e -> e.getLoggerName().equals(logger.getName())).toList();
    }

    /** Everything an event could print: message, arguments, MDC, logger, thread, exception and its causes. */
    static String everything(ILoggingEvent event) {
        StringBuilder text = new StringBuilder()
                .append(event.getLoggerName()).append(' ')
                .append(event.getThreadName()).append(' ')
                .append(event.getMessage()).append(' ')
                .append(event.getFormattedMessage()).append(' ')
                .append(event.getMDCPropertyMap());
        if (event.getArgumentArray() != null) {
            for (Object argument : event.getArgumentArray()) {
                text.append(' ').append(Objects.toString(argument));
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            text.append(' ').append(ThrowableProxyUtil.asString(thrown));
        }
        return text.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        service.setLevel(previousLevel);
    }
}

package dev.taleweaver.adapter.redis;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLHandshakeException;
import java.security.cert.CertificateException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** One line per burst of failed handshakes: first failure, a new reason, or every REPEAT_INTERVAL at most. */
class TlsHandshakeLogTest {
    private final AtomicLong nanos = new AtomicLong();
    private final TlsHandshakeLog log = new TlsHandshakeLog("cache.internal:6380", nanos::get);
    private final Logger logger = (Logger) LoggerFactory.getLogger(TlsHandshakeLog.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.setContext(logger.getLoggerContext());
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void aBurstIsOneLineUntilItIsDueAgainOrEnds() {
        for (int i = 0; i < 36; i++) {
            log.failed(handshake("unable to find valid certification path to requested target"));
        }
        assertThat(messages()).containsExactly("TLS handshake with redis cache.internal:6380 failed: unable to find"
                + " valid certification path to requested target; retrying");

        nanos.addAndGet(TlsHandshakeLog.REPEAT_INTERVAL.toNanos());
        log.failed(handshake("unable to find valid certification path to requested target"));
        assertThat(messages()).hasSize(2).last().asString()
                .endsWith("(35 more failed handshake(s) since the last report)");

        log.failed(handshake("No subject alternative names matching IP address 10.0.0.5 found"));
        assertThat(messages()).hasSize(3).last().asString().contains("No subject alternative names");

        log.succeeded();
        log.failed(handshake("No subject alternative names matching IP address 10.0.0.5 found"));
        assertThat(messages()).hasSize(5);
        assertThat(lines.list).allMatch(e -> e.getThrowableProxy() == null);
    }

    @Test
    void aChannelClosedDuringABurstIsCountedNotReportedAsANewReason() {
        log.failed(handshake("unable to find valid certification path to requested target"));
        log.failed(new java.nio.channels.ClosedChannelException());
        assertThat(messages()).hasSize(1);

        nanos.addAndGet(TlsHandshakeLog.REPEAT_INTERVAL.toNanos());
        log.failed(handshake("unable to find valid certification path to requested target"));
        assertThat(messages()).hasSize(2).last().asString()
                .endsWith("(1 more failed handshake(s) since the last report)");
    }

    @Test
    void theReasonIsTheInnermostMessageOnOneBoundedLine() {
        assertThat(TlsHandshakeLog.reason(handshake("bad\r\nforged line"))).isEqualTo("bad forged line");
        assertThat(TlsHandshakeLog.reason(handshake("x".repeat(1000)))).hasSize(301);
        assertThat(TlsHandshakeLog.isTlsFailure(handshake("any"))).isTrue();
        assertThat(TlsHandshakeLog.isTlsFailure(new DecoderException("not tls"))).isFalse();
    }

    private static Throwable handshake(String reason) {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertificateException(reason));
        return new DecoderException(handshake);
    }

    private java.util.List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}

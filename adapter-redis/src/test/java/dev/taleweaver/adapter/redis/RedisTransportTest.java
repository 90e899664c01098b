package dev.taleweaver.adapter.redis;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.taleweaver.adapter.redis.testing.CapturedLog;
import io.netty.channel.epoll.Epoll;
import io.netty.util.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.config.TransportMode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** REDIS_TRANSPORT: parsing, the default, and the fallback to NIO where epoll cannot load (ADR 17). */
class RedisTransportTest {
    @RegisterExtension
    final CapturedLog logs = new CapturedLog();

    /** What RedisTransport logged during the test. */
    private List<String> lines() {
        return logs.events().stream().filter(e -> e.getLoggerName().equals(RedisTransport.class.getName()))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @ParameterizedTest
    @CsvSource({"epoll,EPOLL", "EPOLL,EPOLL", "' Epoll ',EPOLL", "nio,NIO", "NIO,NIO"})
    void parsesTheTwoTransportsInAnyCase(String value, RedisTransport expected) {
        assertThat(RedisTransport.parse(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "io_uring", "kqueue", "epol", "native"})
    void anythingElseIsNotATransport(String value) {
        assertThat(RedisTransport.parse(value)).isNull();
        assertThat(RedisTransport.parse(null)).isNull();
    }

    @Test
    void epollIsTheDefaultOfEveryConfiguration() {
        RedisConfig config = RedisConfig.of("redis://localhost:6379/0");

        assertThat(RedisTransport.DEFAULT).isEqualTo(RedisTransport.EPOLL);
        assertThat(config.transport()).isEqualTo(RedisTransport.EPOLL);
        assertThat(config.withTransport(null).transport()).isEqualTo(RedisTransport.EPOLL);
        assertThat(config.withTransport(RedisTransport.NIO).transport()).isEqualTo(RedisTransport.NIO);
        assertThat(config.withTransport(RedisTransport.NIO).withKeyPrefix("tw").transport())
                .isEqualTo(RedisTransport.NIO);
        assertThat(config.withTransport(RedisTransport.NIO)).hasToString(config.toString()
                .replace("transport=epoll", "transport=nio"));
    }

    @Test
    void epollThatCannotLoadFallsBackToNioAndSaysSoOnce() {
        AtomicBoolean logged = new AtomicBoolean();
        UnsatisfiedLinkError cause = new UnsatisfiedLinkError("no netty_transport_native_epoll_x86_64 in java.library.path");

        assertThat(RedisTransport.EPOLL.effective(false, new IllegalStateException("failed to load", cause), logged))
                .isEqualTo(RedisTransport.NIO);
        assertThat(RedisTransport.EPOLL.effective(false, cause, logged)).isEqualTo(RedisTransport.NIO);

        assertThat(lines()).hasSize(1);
        assertThat(lines().get(0))
                .startsWith("REDIS_TRANSPORT=epoll: Netty's native epoll transport is not available here")
                .contains("no netty_transport_native_epoll_x86_64 in java.library.path")
                .contains("JDK's NIO transport instead");
    }

    @Test
    void nioStaysNioAndLoadableEpollStaysEpollWithoutALine() {
        AtomicBoolean logged = new AtomicBoolean();

        assertThat(RedisTransport.NIO.effective(false, new UnsatisfiedLinkError("x"), logged))
                .isEqualTo(RedisTransport.NIO);
        assertThat(RedisTransport.NIO.effective(true, null, logged)).isEqualTo(RedisTransport.NIO);
        assertThat(RedisTransport.EPOLL.effective(true, null, logged)).isEqualTo(RedisTransport.EPOLL);
        assertThat(lines()).isEmpty();
    }

    @Test
    void theClientConfigurationUsesTheEffectiveTransport() {
        RedisConfig config = RedisConfig.of("redis://localhost:6379/0");

        assertThat(RedisClientFactory.redissonConfig(config.withTransport(RedisTransport.NIO)).getTransportMode())
                .isEqualTo(TransportMode.NIO);
        assertThat(RedisClientFactory.redissonConfig(config).getTransportMode())
                .isEqualTo(Epoll.isAvailable() ? TransportMode.EPOLL : TransportMode.NIO);
    }

    /** The bundled JNI library loads where the image runs (Linux x86_64 or aarch64): the default is not a no-op. */
    @Test
    void epollLoadsOnLinux() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64")));

        assertThat(Epoll.unavailabilityCause()).isNull();
        assertThat(Epoll.isAvailable()).isTrue();
    }

    /** The native transport is the very Netty version Redisson brought: a mismatch may not load or may misbehave. */
    @Test
    void theNativeTransportMatchesRedissonsNetty() {
        Map<String, Version> versions = Version.identify();

        assertThat(versions).containsKeys("netty-transport", "netty-transport-native-epoll",
                "netty-transport-classes-epoll");
        String netty = versions.get("netty-transport").artifactVersion();
        assertThat(versions.get("netty-transport-native-epoll").artifactVersion()).isEqualTo(netty);
        assertThat(versions.get("netty-transport-classes-epoll").artifactVersion()).isEqualTo(netty);
    }
}

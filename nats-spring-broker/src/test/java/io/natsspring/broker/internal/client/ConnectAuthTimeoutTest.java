package io.natsspring.broker.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.broker.internal.auth.AuthUser;
import io.natsspring.broker.internal.auth.Authenticator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A CONNECT that waits for room on a full auth pool is still bound by the auth timeout, until its check starts. */
@Timeout(30)
class ConnectAuthTimeoutTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final DefaultEventExecutor other = new DefaultEventExecutor();

    @AfterEach
    void stop() {
        release.countDown();
        other.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aConnectionWaitingForAFullAuthPoolGetsTheAuthTimeout() throws Exception {
        AuthPool full = fullPool();
        EmbeddedChannel channel = new EmbeddedChannel(new ClientConnection(new Services(), 1, full));
        assertThat(outbound(channel)).startsWith("INFO ");

        channel.writeInbound(Unpooled.copiedBuffer(
                "CONNECT {\"user\":\"u\",\"pass\":\"pw\"}\r\nPING\r\n", StandardCharsets.US_ASCII));
        channel.advanceTimeBy(30, TimeUnit.SECONDS); // well before the timeout, however slow the machine
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("waiting for the pool").isTrue();
        assertThat(outbound(channel)).as("no PONG before the verdict").isEmpty();

        channel.advanceTimeBy(31, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(outbound(channel)).isEqualTo("-ERR 'Authentication Timeout'\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void onceTheCheckStartsTheAuthTimeoutNoLongerApplies() {
        AuthPool full = fullPool();
        ClientConnection connection = new ClientConnection(new Services(), 1, full);
        EmbeddedChannel channel = new EmbeddedChannel(connection);
        outbound(channel);
        channel.writeInbound(
                Unpooled.copiedBuffer("CONNECT {\"user\":\"u\",\"pass\":\"pw\"}\r\n", StandardCharsets.US_ASCII));

        connection.credentialCheckStarted(); // what the pool thread does first (this pool never gets to it)
        channel.advanceTimeBy(90, TimeUnit.SECONDS); // past the 1 min auth timeout, before the first PING
        channel.runScheduledPendingTasks();

        assertThat(outbound(channel)).isEmpty();
        assertThat(channel.isOpen()).isTrue();
        channel.close();
    }

    private AuthPool fullPool() {
        AuthPool full = new AuthPool(1, 1, 5);
        Runnable blocked = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        full.submit(blocked, other, () -> true); // running
        full.submit(blocked, other, () -> true); // queued: the pool is full
        return full;
    }

    private static String outbound(EmbeddedChannel channel) {
        StringBuilder b = new StringBuilder();
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            b.append(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        return b.toString();
    }

    private static final class Services implements ClientServices {

        private final MessageRouter router = new MessageRouter();
        private final Authenticator authenticator = new Authenticator(
                null,
                null,
                null,
                List.of(new AuthUser("u", "$2a$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.", null)));

        @Override
        public ConnectionLimits limits() {
            return new ConnectionLimits(
                    1024 * 1024,
                    4096,
                    Duration.ofMinutes(2),
                    2,
                    Duration.ofSeconds(10),
                    64L * 1024 * 1024,
                    Duration.ofMinutes(1));
        }

        @Override
        public MessageRouter router() {
            return router;
        }

        @Override
        public Authenticator authenticator() {
            return authenticator;
        }

        @Override
        public String infoJson(long clientId, String clientIp) {
            return "{\"auth_required\":true}";
        }

        @Override
        public boolean opened(ClientConnection connection) {
            return true;
        }

        @Override
        public void slowConsumerDetected(ClientConnection connection) {}

        @Override
        public void closed(ClientConnection connection) {}
    }
}

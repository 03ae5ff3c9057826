package io.natsspring.broker.internal.client;

import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;

/**
 * Slow-consumer handling of one connection: closes it when its outbound bytes pass {@code max_pending} (told by
 * the outbound buffer, on a publisher's thread) or when its socket stays unwritable longer than the write
 * deadline, counting it for monitoring either way.
 */
final class SlowConsumerGuard {

    private static final System.Logger LOG = System.getLogger(SlowConsumerGuard.class.getName());

    private final ClientConnection connection;
    private final ConnectionLimits limits;
    private final ClientServices services;
    /** Written only on the event loop. */
    private long unwritableEpoch;

    SlowConsumerGuard(ClientConnection connection, ConnectionLimits limits, ClientServices services) {
        this.connection = connection;
        this.limits = limits;
        this.services = services;
    }

    /** On the event loop: the channel became unwritable (starts the write deadline) or writable again. */
    void writabilityChanged(Channel channel) {
        if (!channel.isWritable()) {
            long epoch = ++unwritableEpoch;
            channel.eventLoop()
                    .schedule(
                            () -> {
                                if (unwritableEpoch == epoch && !channel.isWritable() && channel.isActive()) {
                                    LOG.log(
                                            System.Logger.Level.INFO,
                                            "cid:{0} Slow Consumer: write deadline of {1} exceeded",
                                            connection.id(),
                                            limits.writeDeadline());
                                    detected(CloseReasons.SLOW_CONSUMER_WRITE_DEADLINE);
                                }
                            },
                            limits.writeDeadline().toNanos(),
                            TimeUnit.NANOSECONDS);
        } else {
            unwritableEpoch++;
        }
    }

    /** On any thread: {@code max_pending} would be exceeded. */
    void maxPendingExceeded() {
        if (connection.isClosing()) {
            return;
        }
        LOG.log(
                System.Logger.Level.INFO,
                "cid:{0} Slow Consumer Detected: MaxPending of {1} Exceeded",
                connection.id(),
                limits.maxPending());
        detected(CloseReasons.SLOW_CONSUMER_PENDING_BYTES);
    }

    private void detected(String reason) {
        if (connection.markClosing()) {
            connection.closeReason(reason);
            services.slowConsumerDetected(connection);
            connection.closeChannel();
        }
    }
}

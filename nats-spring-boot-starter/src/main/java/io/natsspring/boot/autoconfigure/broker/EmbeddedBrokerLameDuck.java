package io.natsspring.boot.autoconfigure.broker;

import io.natsspring.boot.autoconfigure.NatsConnectionLifecycle;
import io.natsspring.broker.NatsBroker;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Puts the embedded broker into lame-duck mode when the application context closes (not on a plain {@code stop()},
 * after which the context may start again): in the last lifecycle phase, after the listener containers stopped and
 * drained, the broker stops accepting clients, lets JetStream store and acknowledge what it accepted, and tells
 * the other connected clients (INFO {@code "ldm":true}) to move to another server; the shutdown then waits at most
 * {@code nats.broker.lame-duck-grace-period} for them to leave. Then the application's own connection drains and
 * closes, and the broker stops (closing any client still there).
 */
public class EmbeddedBrokerLameDuck implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

    /** Just below the application connection's phase: stopped after everything else. */
    public static final int PHASE = NatsConnectionLifecycle.PHASE - 1;

    private static final Log log = LogFactory.getLog(EmbeddedBrokerLameDuck.class);

    private final NatsBroker broker;
    private volatile boolean running;
    private volatile boolean closing;

    public EmbeddedBrokerLameDuck(NatsBroker broker) {
        this.broker = broker;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closing = true;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (!closing || !broker.isRunning()) {
            return;
        }
        Duration grace = broker.options().lameDuckGracePeriod();
        log.info("Embedded NATS broker entering lame duck mode (grace period " + grace + ")");
        broker.enterLameDuckMode();
        long deadline = System.nanoTime() + grace.toNanos();
        // the application's own connection stays until it drains; wait for the others
        while (broker.isRunning() && broker.connectionCount() > 1 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}

package io.natsspring.annotation.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Creates the durable consumers of the auto-started {@code @JetStreamConsumer} pull listeners early in the
 * lifecycle — after declared streams exist and before a web server starts taking requests — so that with interest
 * or work-queue retention nothing published in between is lost for a listener that starts a moment later.
 * A {@link ListenerConfigurationException} (missing stream, a consumer the annotation contradicts) fails startup
 * here; other failures (the server not answering) are logged and the listener retries when it starts.
 */
public class JetStreamConsumerDeclarations implements SmartLifecycle {

    /** Well before the web server ({@code Integer.MAX_VALUE - 2048}) and the listener registry. */
    public static final int PHASE = Integer.MAX_VALUE - 3072;

    private static final Log LOG = LogFactory.getLog(JetStreamConsumerDeclarations.class);

    private final NatsListenerEndpointRegistry registry;
    private volatile boolean running;

    public JetStreamConsumerDeclarations(NatsListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void start() {
        for (NatsListenerContainer container : registry.getListenerContainers()) {
            if (container instanceof JetStreamListenerContainer js && js.isAutoStartup()) {
                try {
                    js.declareConsumer();
                } catch (ListenerConfigurationException ex) {
                    throw ex;
                } catch (Exception ex) {
                    LOG.warn("Listener '" + js.getId() + "' could not create its consumer ahead of starting; "
                            + "it retries when it starts: " + ex.getMessage());
                }
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
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

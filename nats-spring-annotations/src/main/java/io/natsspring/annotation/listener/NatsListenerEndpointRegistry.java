package io.natsspring.annotation.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Holds every listener container by id and drives their lifecycle: starts the auto-startup ones after the context is
 * refreshed and stops all of them early on shutdown ({@link #PHASE}), before the beans they use (the connection) are
 * destroyed. Also the runtime control surface: list, start, stop, pause and resume by id.
 */
public class NatsListenerEndpointRegistry implements SmartLifecycle {

    /** Late start, early stop: after ordinary lifecycle beans start and before they stop. */
    public static final int PHASE = Integer.MAX_VALUE - 100;

    private static final Log LOG = LogFactory.getLog(NatsListenerEndpointRegistry.class);

    private final Map<String, NatsListenerContainer> containers = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile boolean running;

    /** Adds a container; ids must be unique. */
    public void registerListenerContainer(NatsListenerContainer container) {
        synchronized (containers) {
            if (containers.containsKey(container.getId())) {
                throw new IllegalStateException(
                        "Another NATS listener is already registered with id '" + container.getId() + "'");
            }
            containers.put(container.getId(), container);
        }
        if (running && container.isAutoStartup()) {
            container.start();
        }
    }

    /** The container with this id, or null. */
    public @Nullable NatsListenerContainer getListenerContainer(String id) {
        return containers.get(id);
    }

    /** The ids of all containers, in registration order. */
    public Set<String> getListenerContainerIds() {
        synchronized (containers) {
            return Set.copyOf(new ArrayList<>(containers.keySet()));
        }
    }

    /** All containers, in registration order. */
    public Collection<NatsListenerContainer> getListenerContainers() {
        synchronized (containers) {
            return List.copyOf(containers.values());
        }
    }

    /** Starts the container with this id. */
    public void start(String id) {
        required(id).start();
    }

    /** Stops the container with this id, waiting for its in-flight messages. */
    public void stop(String id) {
        required(id).stop();
    }

    /** Pauses the container with this id. */
    public void pause(String id) {
        required(id).pause();
    }

    /** Resumes the container with this id. */
    public void resume(String id) {
        required(id).resume();
    }

    private NatsListenerContainer required(String id) {
        NatsListenerContainer container = containers.get(id);
        if (container == null) {
            throw new IllegalArgumentException(
                    "No NATS listener with id '" + id + "'; known: " + getListenerContainerIds());
        }
        return container;
    }

    @Override
    public void start() {
        for (NatsListenerContainer container : getListenerContainers()) {
            if (container.isAutoStartup()) {
                container.start();
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        // Stop receiving everywhere first, then wait: containers stop in parallel rather than one timeout each.
        List<Thread> stoppers = new ArrayList<>();
        for (NatsListenerContainer container : getListenerContainers()) {
            if (container.isRunning()) {
                Thread stopper = new Thread(container::stop, "nats-stop-" + container.getId());
                stopper.setDaemon(true);
                stopper.start();
                stoppers.add(stopper);
            }
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                LOG.warn("Interrupted while stopping NATS listeners");
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

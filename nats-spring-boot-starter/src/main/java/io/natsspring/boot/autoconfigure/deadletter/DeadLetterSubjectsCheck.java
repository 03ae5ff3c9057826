package io.natsspring.boot.autoconfigure.deadletter;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamInfo;
import io.natsspring.annotation.listener.JetStreamListenerContainer;
import io.natsspring.annotation.listener.NatsListenerContainer;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.boot.autoconfigure.NatsJetStreamProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Checks at startup, once declarations are applied and before any listener starts, that every dead-letter subject
 * is captured by a stream: the {@code @JetStreamConsumer(deadLetter = ...)} subjects of the listeners and, when
 * dead-letter routing is on, {@code <subject-prefix>.>} in the dead-letter stream. Otherwise the first dead letter
 * would be the first sign that it has nowhere to go. Fails startup naming the subject and what to declare.
 */
public class DeadLetterSubjectsCheck implements SmartLifecycle {

    private static final Log log = LogFactory.getLog(DeadLetterSubjectsCheck.class);

    private final JetStreamManagement jsm;
    private final NatsJetStreamProperties properties;
    private final ObjectProvider<NatsListenerEndpointRegistry> registry;
    private volatile boolean checked;
    private volatile boolean running;

    public DeadLetterSubjectsCheck(
            JetStreamManagement jsm,
            NatsJetStreamProperties properties,
            ObjectProvider<NatsListenerEndpointRegistry> registry) {
        this.jsm = jsm;
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public void start() {
        running = true;
        if (!checked) {
            check();
            checked = true;
        }
    }

    /** Throws {@link DeadLetterSubjectNotCapturedException} when a dead-letter subject has no stream. */
    public void check() {
        List<String> problems = new ArrayList<>();
        NatsListenerEndpointRegistry listeners = registry.getIfAvailable();
        if (listeners != null) {
            for (NatsListenerContainer container : listeners.getListenerContainers()) {
                if (container instanceof JetStreamListenerContainer js
                        && js.getEndpoint().deadLetter() != null) {
                    String subject = js.getEndpoint().deadLetter();
                    List<String> streams = streamsOf(subject);
                    if (streams != null && streams.isEmpty()) {
                        problems.add("the dead-letter subject '" + subject + "' of listener '"
                                + js.getEndpoint().id()
                                + "' is captured by no stream: declare one, e.g. nats.jetstream.streams[n].name=DEAD_LETTERS"
                                + " and nats.jetstream.streams[n].subjects=" + subject);
                    }
                }
            }
        }
        if (DeadLetterStream.isEnabled(properties)) {
            NatsJetStreamProperties.DeadLetter dl = properties.getDeadLetter();
            String pattern = dl.getSubjectPrefix() + ".>";
            List<String> subjects = subjectsOf(dl.getStream());
            if (subjects != null && subjects.stream().noneMatch(s -> covers(s, pattern))) {
                problems.add("the dead-letter stream '" + dl.getStream()
                        + "' (nats.jetstream.dead-letter.stream) captures "
                        + subjects + ", not the dead letters' subjects " + pattern
                        + " (nats.jetstream.dead-letter.subject-prefix): add " + pattern + " to its subjects or use"
                        + " another stream name");
            }
        }
        if (!problems.isEmpty()) {
            throw new DeadLetterSubjectNotCapturedException(problems);
        }
    }

    /** Names of the streams capturing {@code subject}, or null when the server could not be asked. */
    private List<String> streamsOf(String subject) {
        try {
            return jsm.getStreamNames(subject);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            log.warn("Could not check which stream captures dead-letter subject " + subject + ": " + e);
            return null;
        }
    }

    private List<String> subjectsOf(String stream) {
        try {
            StreamInfo info = jsm.getStreamInfo(stream);
            return info.getConfiguration().getSubjects();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            log.warn("Could not check the subjects of dead-letter stream " + stream + ": " + e);
            return null;
        }
    }

    /** Whether every subject matching {@code pattern} also matches {@code filter}. */
    public static boolean covers(String filter, String pattern) {
        String[] f = filter.split("\\.");
        String[] p = pattern.split("\\.");
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals(">")) {
                return i < p.length;
            }
            if (i >= p.length || p[i].equals(">")) {
                return false;
            }
            if (!f[i].equals("*") && !f[i].equals(p[i])) {
                return false;
            }
            if (f[i].equals("*") && p[i].equals(">")) {
                return false;
            }
        }
        return f.length == p.length;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listener containers start. */
    @Override
    public int getPhase() {
        return NatsListenerEndpointRegistry.PHASE - 1;
    }
}

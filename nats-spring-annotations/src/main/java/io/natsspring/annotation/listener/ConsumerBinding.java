package io.natsspring.annotation.listener;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Decides, before a JetStream listener receives, whether it creates its consumer or binds to an existing durable
 * one — never silently replacing a consumer declared elsewhere. An existing durable (declared in
 * {@code nats.jetstream.consumers}, as a bean, or created by other means) is bound to and left unchanged when the
 * attributes the annotation sets agree with it; a disagreement, a missing stream, or a missing consumer to bind to
 * ({@code create = false}) is a {@link ListenerConfigurationException} naming the places and the fix.
 */
final class ConsumerBinding {

    private static final Log LOG = LogFactory.getLog(ConsumerBinding.class);
    private static final int STREAM_NOT_FOUND = 10059;
    private static final int CONSUMER_NOT_FOUND = 10014;

    /** The configuration to create, or (when null) bind to the existing durable. */
    record Decision(@Nullable ConsumerConfiguration toCreate) {

        boolean bind() {
            return toCreate == null;
        }
    }

    private final JetStreamListenerEndpoint endpoint;
    private final ConsumerDefaults defaults;
    private final ConsumerDeclarationLocator locator;

    ConsumerBinding(JetStreamListenerEndpoint endpoint, ConsumerDefaults defaults, ConsumerDeclarationLocator locator) {
        this.endpoint = endpoint;
        this.defaults = defaults;
        this.locator = locator;
    }

    Decision decide(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        requireStream(jsm);
        String durable = endpoint.durable();
        if (durable == null) {
            return create();
        }
        ConsumerInfo existing = consumer(jsm, durable);
        String declaredAt = locator.locate(endpoint.stream(), durable);
        if (existing == null) {
            if (!endpoint.create()) {
                throw new ListenerConfigurationException(
                        endpoint.id(),
                        describe() + " binds (create = false) to the "
                                + "durable consumer '" + durable + "' of stream '" + endpoint.stream()
                                + "', which does not "
                                + "exist"
                                + (declaredAt != null
                                        ? " although " + declaredAt + " declares it (are declarations "
                                                + "disabled, or did they fail?)"
                                        : ". Declare it under nats.jetstream.consumers (stream: "
                                                + endpoint.stream() + ", durable: " + durable
                                                + ") or as a JetStreamConsumerDeclaration bean, "
                                                + "or remove create = false to let the listener create it"));
            }
            return create();
        }
        ConsumerConfiguration current = existing.getConsumerConfiguration();
        List<String> conflicts = conflicts(current);
        String consumer = "the consumer '" + durable + "' of stream '" + endpoint.stream() + "'";
        if (!conflicts.isEmpty()) {
            String where = declaredAt != null
                    ? consumer + " declared at " + declaredAt
                    : consumer + ", which already exists on the server,";
            String fix = declaredAt != null
                    ? "remove these attributes from the annotation (the listener binds to the declared consumer and "
                            + "uses its settings), or change " + declaredAt + " to match"
                    : "make the annotation match the consumer, or delete the consumer (nats consumer rm "
                            + endpoint.stream() + " " + durable + ") to let the listener create it, or declare it "
                            + "under nats.jetstream.consumers to manage its settings there";
            throw new ListenerConfigurationException(
                    endpoint.id(),
                    describe() + " and " + where + " disagree on "
                            + String.join("; ", conflicts)
                            + ". The listener never changes a consumer it did not create in "
                            + "this run. Fix: " + fix + ".");
        }
        LOG.info("Listener '" + endpoint.id() + "' binds to " + consumer
                + (declaredAt != null ? " declared at " + declaredAt : " that exists on the server")
                + " and keeps its configuration");
        if (current.getMaxDeliver() <= 0) {
            LOG.warn("Listener '" + endpoint.id() + "' binds to " + consumer + ", which has no max-deliver: a "
                    + "message that always fails is redelivered without limit (with nak delays). Set max-deliver on "
                    + "the consumer" + (declaredAt != null ? " at " + declaredAt : "") + ".");
        }
        return new Decision(null);
    }

    private Decision create() {
        return new Decision(ConsumerConfigurations.from(endpoint, defaults).build());
    }

    private String describe() {
        return "@JetStreamConsumer on " + endpoint.location() + " (listener '" + endpoint.id() + "')";
    }

    /** Fails with a hint to declare the stream when it does not exist. */
    void requireStream(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(endpoint.stream());
        } catch (JetStreamApiException ex) {
            if (ex.getApiErrorCode() == STREAM_NOT_FOUND) {
                throw new ListenerConfigurationException(
                        endpoint.id(),
                        describe() + " reads stream '"
                                + endpoint.stream()
                                + "', which does not exist. Declare it under nats.jetstream.streams "
                                + "(name: " + endpoint.stream() + ", subjects: the subjects it captures) or as a "
                                + "StreamConfiguration bean, or create it before the application starts.");
            }
            throw ex;
        }
    }

    private @Nullable ConsumerInfo consumer(JetStreamManagement jsm, String durable)
            throws IOException, JetStreamApiException {
        try {
            return jsm.getConsumerInfo(endpoint.stream(), durable);
        } catch (JetStreamApiException ex) {
            if (ex.getApiErrorCode() == CONSUMER_NOT_FOUND) {
                return null;
            }
            throw ex;
        }
    }

    /** The attributes the annotation sets that the consumer has otherwise, as {@code name: consumer X, annotation Y}. */
    List<String> conflicts(ConsumerConfiguration current) {
        List<String> out = new ArrayList<>();
        boolean push = current.getDeliverSubject() != null;
        if (endpoint.pull() && push) {
            out.add("delivery: consumer is push (deliver-subject " + current.getDeliverSubject()
                    + "), annotation pulls (pull = true)");
        } else if (!endpoint.pull() && !push) {
            out.add("delivery: consumer is pull, annotation is push (pull = false)");
        }
        if (!endpoint.filterSubjects().isEmpty()) {
            List<String> filters = current.getFilterSubjects() == null ? List.of() : current.getFilterSubjects();
            if (!new HashSet<>(filters).equals(new HashSet<>(endpoint.filterSubjects()))) {
                out.add("filter-subjects: consumer " + filters + ", annotation " + endpoint.filterSubjects());
            }
        }
        if (endpoint.deliverPolicy() != DeliverPolicy.All && endpoint.deliverPolicy() != current.getDeliverPolicy()) {
            out.add("deliver-policy: consumer " + current.getDeliverPolicy() + ", annotation "
                    + endpoint.deliverPolicy());
        }
        boolean serverBackoff =
                current.getBackoff() != null && !current.getBackoff().isEmpty();
        // with a backoff the server sets ack-wait to the first delay, so an ack-wait beside it can not be compared
        if (endpoint.ackWait() != null && !serverBackoff && !endpoint.ackWait().equals(current.getAckWait())) {
            out.add("ack-wait: consumer " + current.getAckWait() + ", annotation " + endpoint.ackWait());
        }
        if (endpoint.maxDeliver() != null) {
            long wanted = endpoint.maxDeliver() > 0 ? endpoint.maxDeliver() : -1;
            long actual = current.getMaxDeliver() > 0 ? current.getMaxDeliver() : -1;
            if (wanted != actual) {
                out.add("max-deliver: consumer " + actual + ", annotation " + wanted);
            }
        }
        if (!endpoint.backoff().isEmpty()) {
            List<Duration> actual = serverBackoff ? current.getBackoff() : List.of();
            if (!Objects.equals(actual, endpoint.backoff())) {
                out.add("backoff: consumer " + actual + ", annotation " + endpoint.backoff());
            }
        }
        if (endpoint.maxAckPending() > 0 && endpoint.maxAckPending() != current.getMaxAckPending()) {
            out.add("max-ack-pending: consumer " + current.getMaxAckPending() + ", annotation "
                    + endpoint.maxAckPending());
        }
        return out;
    }
}

package io.natsspring.boot.autoconfigure.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import io.natsspring.annotation.listener.JetStreamListenerContainer;
import io.natsspring.annotation.listener.NatsListenerContainer;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.boot.autoconfigure.buckets.BucketStatus;
import io.natsspring.boot.autoconfigure.buckets.BucketStatusReader;
import io.natsspring.broker.LeafLinkStatus;
import io.natsspring.broker.NatsBroker;
import io.natsspring.kv.listener.KeyValueListenerContainer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code nats} Actuator endpoint: the connection and, per stream, its messages, bytes and sequences, and per
 * consumer its pending, ack-pending, redelivered and waiting counts — the operator's view of lag — plus the
 * application's listeners (JetStream ones with their stream, durable and filter subjects; Key-Value ones with their
 * bucket), and every Key-Value bucket and Object Store on the server with its entries, bytes, history, TTL and
 * watchers. On a cluster each stream also shows its replicas, leader and each replica's lag and currency, and each
 * consumer its leader. With the embedded broker, {@code leafLinks} lists its leaf-node links (remote, connected,
 * RTT, since).
 * {@code GET /actuator/nats/{stream}} shows one stream; {@code POST /actuator/nats/{listenerId}} with
 * {@code {"action":"pause|resume|stop|start"}} controls a listener: an unknown listener is a 404 and an unknown
 * action a 400 over HTTP ({@link NatsEndpointWebExtension}).
 */
@Endpoint(id = "nats")
public class NatsEndpoint {

    private final Connection connection;
    private final JetStreamManagement jsm;
    private final NatsListenerEndpointRegistry listeners;
    private final BucketStatusReader buckets;
    private final NatsBroker broker;

    public NatsEndpoint(Connection connection, JetStreamManagement jsm) {
        this(connection, jsm, null);
    }

    /** {@code listeners} may be {@code null} when the application has no listener infrastructure. */
    public NatsEndpoint(Connection connection, JetStreamManagement jsm, NatsListenerEndpointRegistry listeners) {
        this(connection, jsm, listeners, new BucketStatusReader(connection, List.of(), List.of(), Duration.ZERO));
    }

    /** {@code buckets} lists the server's buckets; {@code null} lists none. */
    public NatsEndpoint(
            Connection connection,
            JetStreamManagement jsm,
            NatsListenerEndpointRegistry listeners,
            BucketStatusReader buckets) {
        this(connection, jsm, listeners, buckets, null);
    }

    /** {@code broker} is the embedded broker whose leaf-node links are listed, {@code null} in remote mode. */
    public NatsEndpoint(
            Connection connection,
            JetStreamManagement jsm,
            NatsListenerEndpointRegistry listeners,
            BucketStatusReader buckets,
            NatsBroker broker) {
        this.connection = connection;
        this.jsm = jsm;
        this.listeners = listeners;
        this.buckets = buckets;
        this.broker = broker;
    }

    @ReadOperation
    public NatsDescriptor nats() {
        List<StreamDescriptor> streams = new ArrayList<>();
        List<BucketStatus> bucketStatuses = new ArrayList<>();
        String error = null;
        if (connection.getServerInfo() != null && connection.getServerInfo().isJetStreamAvailable()) {
            try {
                for (StreamInfo info : jsm.getStreams()) {
                    streams.add(describe(info));
                }
                if (buckets != null) {
                    bucketStatuses.addAll(buckets.all());
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                error = e.getMessage();
            }
        }
        return new NatsDescriptor(
                connection.getStatus().name(),
                connection.getConnectedUrl(),
                streams,
                listenerDescriptors(),
                bucketStatuses,
                leafLinks(),
                error);
    }

    private List<LeafLinkDescriptor> leafLinks() {
        List<LeafLinkDescriptor> all = new ArrayList<>();
        if (broker != null && broker.isRunning()) {
            for (LeafLinkStatus l : broker.leafLinks()) {
                all.add(new LeafLinkDescriptor(
                        l.role() == LeafLinkStatus.Role.HUB_CONNECTION ? "hub" : "leaf",
                        l.remote(),
                        l.account(),
                        l.connected(),
                        l.peer(),
                        l.rtt() == null ? null : l.rtt().toString(),
                        l.since().toString(),
                        l.failedAttempts()));
            }
        }
        return all;
    }

    /**
     * Pauses, resumes, stops or starts the listener with this id; answers its new state, or {@code null} for an
     * unknown id (a 404 over HTTP).
     *
     * @throws InvalidEndpointRequestException for an unknown action (a 400)
     */
    @WriteOperation
    public ListenerDescriptor listener(@Selector String id, String action) {
        NatsListenerContainer container = listeners == null ? null : listeners.getListenerContainer(id);
        if (container == null) {
            return null;
        }
        switch (action == null ? "" : action) {
            case "pause" -> listeners.pause(id);
            case "resume" -> listeners.resume(id);
            case "stop" -> listeners.stop(id);
            case "start" -> listeners.start(id);
            default ->
                throw new InvalidEndpointRequestException(
                        "action must be one of pause, resume, stop, start; was '" + action + "'",
                        "Unknown listener action");
        }
        return describe(container);
    }

    private List<ListenerDescriptor> listenerDescriptors() {
        List<ListenerDescriptor> all = new ArrayList<>();
        if (listeners != null) {
            for (NatsListenerContainer c : listeners.getListenerContainers()) {
                all.add(describe(c));
            }
        }
        return all;
    }

    private static ListenerDescriptor describe(NatsListenerContainer c) {
        if (c instanceof JetStreamListenerContainer js) {
            return new ListenerDescriptor(
                    c.getId(),
                    c.getKind(),
                    c.getSubjects(),
                    c.isRunning(),
                    c.isPaused(),
                    c.isConsuming(),
                    c.getInFlight(),
                    js.getStream(),
                    js.getDurable(),
                    js.getFilterSubjects());
        }
        return new ListenerDescriptor(
                c.getId(),
                c.getKind(),
                c.getSubjects(),
                c.isRunning(),
                c.isPaused(),
                c.isConsuming(),
                c.getInFlight(),
                c instanceof KeyValueListenerContainer kv ? "KV_" + kv.getBucket() : null,
                null,
                null);
    }

    @ReadOperation
    public StreamDescriptor stream(@Selector String stream) throws IOException, JetStreamApiException {
        try {
            return describe(jsm.getStreamInfo(stream));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == 10059) {
                return null; // 404
            }
            throw e;
        }
    }

    private StreamDescriptor describe(StreamInfo info) throws IOException, JetStreamApiException {
        String name = info.getConfiguration().getName();
        StreamState state = info.getStreamState();
        List<ConsumerDescriptor> consumers = new ArrayList<>();
        for (ConsumerInfo c : jsm.getConsumers(name)) {
            consumers.add(new ConsumerDescriptor(
                    c.getName(),
                    c.getNumPending(),
                    c.getNumAckPending(),
                    c.getRedelivered(),
                    c.getNumWaiting(),
                    c.getDelivered().getStreamSequence(),
                    c.getAckFloor().getStreamSequence(),
                    c.getConsumerConfiguration().getNumReplicas(),
                    c.getClusterInfo() == null ? null : c.getClusterInfo().getLeader()));
        }
        return new StreamDescriptor(
                name,
                info.getConfiguration().getSubjects(),
                info.getConfiguration().getStorageType().toString(),
                state.getMsgCount(),
                state.getByteCount(),
                state.getFirstSequence(),
                state.getLastSequence(),
                info.getConfiguration().getReplicas(),
                ClusterDescriptor.of(info.getClusterInfo()),
                consumers);
    }

    /** The endpoint's answer. */
    public record NatsDescriptor(
            String status,
            String server,
            List<StreamDescriptor> streams,
            List<ListenerDescriptor> listeners,
            List<BucketStatus> buckets,
            List<LeafLinkDescriptor> leafLinks,
            String error) {}

    /**
     * One leaf-node link of the embedded broker: {@code role} {@code hub} for a link to a remote hub (the broker is
     * the leaf; listed connected or not), {@code leaf} for a leaf node connected to the broker; {@code remote} the
     * hub URL or the leaf's address (no user info); {@code rtt} an ISO-8601 duration; {@code since} when the link
     * came up or, when down, went down; {@code failedAttempts} connection attempts since it was last up.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LeafLinkDescriptor(
            String role,
            String remote,
            String account,
            boolean connected,
            String peer,
            String rtt,
            String since,
            long failedAttempts) {}

    /**
     * One listener container and its state. {@code subjects} are the core subjects or the JetStream consumer's
     * filter subjects (empty: the whole stream); {@code consuming} is false while a running listener does not
     * receive (paused, connection down, re-pulling after a reconnect); {@code stream}, {@code durable} and
     * {@code filterSubjects} are set for JetStream listeners ({@code durable} null for ephemeral and ordered ones).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListenerDescriptor(
            String id,
            String kind,
            List<String> subjects,
            boolean running,
            boolean paused,
            boolean consuming,
            int inFlight,
            String stream,
            String durable,
            List<String> filterSubjects) {}

    /**
     * One stream: {@code replicas} is the configured number; {@code cluster} (absent on a single server) says
     * where it runs now.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StreamDescriptor(
            String name,
            List<String> subjects,
            String storage,
            long messages,
            long bytes,
            long firstSequence,
            long lastSequence,
            int replicas,
            ClusterDescriptor cluster,
            List<ConsumerDescriptor> consumers) {}

    /**
     * Where a replicated stream runs: the cluster, its leader ({@code null} while there is none) and each other
     * replica with whether it is current, offline, how many operations it lags and when it was last active.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClusterDescriptor(String name, String leader, List<ReplicaDescriptor> replicas) {

        static ClusterDescriptor of(io.nats.client.api.ClusterInfo info) {
            if (info == null) {
                return null;
            }
            List<ReplicaDescriptor> replicas = new ArrayList<>();
            if (info.getReplicas() != null) {
                for (io.nats.client.api.Replica r : info.getReplicas()) {
                    replicas.add(new ReplicaDescriptor(
                            r.getName(),
                            r.isCurrent(),
                            r.isOffline(),
                            r.getLag(),
                            r.getActive() == null ? null : r.getActive().toString()));
                }
            }
            String leader = info.getLeader() == null || info.getLeader().isEmpty() ? null : info.getLeader();
            return new ClusterDescriptor(info.getName(), leader, replicas);
        }
    }

    /** A replica that is not the leader: {@code lag} in operations, {@code active} since it was last heard. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReplicaDescriptor(String name, boolean current, boolean offline, long lag, String active) {}

    /**
     * One consumer: {@code numPending} is the lag, messages not yet delivered; {@code replicas} is the configured
     * number (0: the stream's) and {@code leader} the server leading it on a cluster.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsumerDescriptor(
            String name,
            long numPending,
            long numAckPending,
            long redelivered,
            long numWaiting,
            long deliveredStreamSequence,
            long ackFloorStreamSequence,
            int replicas,
            String leader) {}
}

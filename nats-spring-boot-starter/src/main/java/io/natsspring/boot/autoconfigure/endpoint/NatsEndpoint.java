package io.natsspring.boot.autoconfigure.endpoint;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code nats} Actuator endpoint: the connection and, per stream, its messages, bytes and sequences, and per
 * consumer its pending, ack-pending, redelivered and waiting counts — the operator's view of lag.
 * {@code /actuator/nats/{stream}} shows one stream.
 */
@Endpoint(id = "nats")
public class NatsEndpoint {

    private final Connection connection;
    private final JetStreamManagement jsm;

    public NatsEndpoint(Connection connection, JetStreamManagement jsm) {
        this.connection = connection;
        this.jsm = jsm;
    }

    @ReadOperation
    public NatsDescriptor nats() {
        List<StreamDescriptor> streams = new ArrayList<>();
        String error = null;
        if (connection.getServerInfo() != null && connection.getServerInfo().isJetStreamAvailable()) {
            try {
                for (StreamInfo info : jsm.getStreams()) {
                    streams.add(describe(info));
                }
            } catch (IOException | JetStreamApiException e) {
                error = e.getMessage();
            }
        }
        return new NatsDescriptor(connection.getStatus().name(), connection.getConnectedUrl(), streams, error);
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
            consumers.add(new ConsumerDescriptor(c.getName(), c.getNumPending(), c.getNumAckPending(),
                    c.getRedelivered(), c.getNumWaiting(), c.getDelivered().getStreamSequence(),
                    c.getAckFloor().getStreamSequence()));
        }
        return new StreamDescriptor(name, info.getConfiguration().getSubjects(),
                info.getConfiguration().getStorageType().toString(), state.getMsgCount(), state.getByteCount(),
                state.getFirstSequence(), state.getLastSequence(), consumers);
    }

    /** The endpoint's answer. */
    public record NatsDescriptor(String status, String server, List<StreamDescriptor> streams, String error) {
    }

    /** One stream. */
    public record StreamDescriptor(String name, List<String> subjects, String storage, long messages, long bytes,
                                   long firstSequence, long lastSequence, List<ConsumerDescriptor> consumers) {
    }

    /** One consumer: {@code numPending} is the lag, messages not yet delivered. */
    public record ConsumerDescriptor(String name, long numPending, long numAckPending, long redelivered,
                                     long numWaiting, long deliveredStreamSequence, long ackFloorStreamSequence) {
    }
}

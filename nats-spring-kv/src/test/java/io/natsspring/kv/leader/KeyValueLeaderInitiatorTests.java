package io.natsspring.kv.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.natsspring.kv.TestConnections;
import io.natsspring.kv.leader.integration.IntegrationLeadershipEventPublisher;
import io.natsspring.kv.lock.KeyValueLeases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.integration.leader.event.AbstractLeaderEvent;
import org.springframework.integration.leader.event.DefaultLeaderEventPublisher;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;

/** {@link KeyValueLeaderInitiator}: two candidates on two connections; subclasses pick the server. */
@Timeout(60)
abstract class KeyValueLeaderInitiatorTests {

    record Change(String candidate, boolean granted) {}

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final List<Connection> connections = new ArrayList<>();

    private final List<KeyValueLeaderInitiator> initiators = new ArrayList<>();

    private final List<Change> changes = new CopyOnWriteArrayList<>();

    private String bucket;

    /** The URL of the server under test. */
    protected abstract String serverUrl();

    @BeforeEach
    void setUp() {
        bucket = "leaders" + RUNS.incrementAndGet();
    }

    @AfterEach
    void cleanUp() throws Exception {
        initiators.forEach(KeyValueLeaderInitiator::stop);
        Connection any = TestConnections.connect(serverUrl());
        try {
            if (any.keyValueManagement().getBucketNames().contains(bucket)) {
                any.keyValueManagement().delete(bucket);
            }
        } finally {
            any.close();
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    private KeyValueLeaderInitiator candidate(String id) throws Exception {
        return candidate(id, new LeadershipEventPublisher() {
            @Override
            public void publishGranted(Object source, LeadershipContext context) {
                changes.add(new Change(context.getCandidateId(), true));
            }

            @Override
            public void publishRevoked(Object source, LeadershipContext context) {
                changes.add(new Change(context.getCandidateId(), false));
            }
        });
    }

    private KeyValueLeaderInitiator candidate(String id, LeadershipEventPublisher publisher) throws Exception {
        Connection connection = TestConnections.connect(serverUrl());
        connections.add(connection);
        KeyValueLeaderInitiator initiator = new KeyValueLeaderInitiator(
                new KeyValueLeases(connection, bucket, Duration.ofSeconds(1), StorageType.Memory, 1), "scheduler");
        initiator.setCandidateId(id);
        initiator.setLeadershipEventPublisher(publisher);
        initiators.add(initiator);
        return initiator;
    }

    @Test
    void oneLeaderAtATimeAndTakeoverWhenTheLeaderStops() throws Exception {
        KeyValueLeaderInitiator a = candidate("a");
        KeyValueLeaderInitiator b = candidate("b");
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.getContext().isLeader());
        b.start();
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> a.getContext().isLeader() && !b.getContext().isLeader());
        assertThat(a.currentLeader()).hasValue("a");

        a.stop();
        assertThat(a.getContext().isLeader()).isFalse();
        // the context says "leader" just before the granted event is published: wait for the event
        await().atMost(Duration.ofSeconds(10)).until(() -> changes.contains(new Change("b", true)));
        assertThat(changes).containsExactly(new Change("a", true), new Change("a", false), new Change("b", true));
        assertThat(b.currentLeader()).hasValue("b");
    }

    @Test
    void yieldHandsTheRoleOver() throws Exception {
        KeyValueLeaderInitiator a = candidate("a");
        KeyValueLeaderInitiator b = candidate("b");
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.getContext().isLeader());
        b.start();
        a.getContext().yieldLeadership();
        await().atMost(Duration.ofSeconds(10)).until(() -> changes.contains(new Change("b", true)));
        assertThat(a.getContext().isLeader()).isFalse();
        assertThat(changes).contains(new Change("a", false), new Change("b", true));
    }

    @Test
    void leaderThatLosesItsConnectionIsRevokedAndAnotherGranted() throws Exception {
        KeyValueLeaderInitiator a = candidate("a");
        KeyValueLeaderInitiator b = candidate("b");
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.getContext().isLeader());
        b.start();
        connections.get(0).close(); // a's connection
        await().atMost(Duration.ofSeconds(10)).until(() -> changes.contains(new Change("a", false)));
        await().atMost(Duration.ofSeconds(10)).until(() -> changes.contains(new Change("b", true)));
        // a stopped leading before b was granted
        assertThat(changes.indexOf(new Change("a", false))).isLessThan(changes.indexOf(new Change("b", true)));
    }

    @Test
    void springIntegrationEvents() throws Exception {
        List<AbstractLeaderEvent> events = new CopyOnWriteArrayList<>();
        KeyValueLeaderInitiator a = candidate(
                "a",
                new IntegrationLeadershipEventPublisher(
                        new DefaultLeaderEventPublisher(event -> events.add((AbstractLeaderEvent) event))));
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        assertThat(events.get(0)).isInstanceOf(OnGrantedEvent.class);
        assertThat(events.get(0).getRole()).isEqualTo("scheduler");
        assertThat(events.get(0).getContext().isLeader()).isTrue();
        a.stop();
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).isInstanceOf(OnRevokedEvent.class);
    }

    @Test
    void applicationEventsAndYieldOnContextStop() throws Exception {
        Connection connection = TestConnections.connect(serverUrl());
        connections.add(connection);
        List<ApplicationEvent> events = new CopyOnWriteArrayList<>();
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean(
                KeyValueLeaderInitiator.class,
                () -> new KeyValueLeaderInitiator(
                        new KeyValueLeases(connection, bucket, Duration.ofSeconds(1), StorageType.Memory, 1),
                        "scheduler"));
        context.addApplicationListener((ApplicationListener<LeadershipEvent>) events::add);
        context.refresh();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
            assertThat(events.get(0)).isInstanceOf(LeadershipGrantedEvent.class);
            assertThat(((LeadershipEvent) events.get(0)).getRole()).isEqualTo("scheduler");
        } finally {
            context.close();
        }
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).isInstanceOf(LeadershipRevokedEvent.class);
        KeyValueLeases leases = new KeyValueLeases(connection, bucket, Duration.ofSeconds(1));
        assertThat(leases.holder("scheduler")).isEmpty(); // released at once, not left to expire
    }
}

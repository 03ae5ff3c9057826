package io.natsspring.broker.internal.system;

import io.natsspring.broker.internal.account.Accounts;
import io.natsspring.broker.internal.monitor.AccountStatz;
import io.natsspring.broker.internal.monitor.MonitoredBroker;
import io.natsspring.broker.internal.monitor.MonitoringEndpoints;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The system account at work: registers the {@code $SYS.REQ.…} handlers ({@link SystemRequests}), publishes the
 * server's events ({@link SystemEvents}) and, while someone listens, {@code $SYS.SERVER.<id>.STATSZ} (first after
 * 250 ms, the interval doubling up to 10 s, as {@code nats-server} does standalone). Everything runs on one
 * {@link SystemQueue} thread.
 */
public final class SystemService implements AutoCloseable {

    /** The statsz heartbeat's longest interval, {@code nats-server}'s {@code statsHBInterval}. */
    private static final long STATSZ_MAX_MILLIS = 10_000;

    private static final ScheduledExecutorService TIMERS = timers();

    private final Accounts accounts;
    private final SystemQueue queue;
    private final ServerEnvelope server;
    private final SystemRequests requests;
    private final SystemEvents events;
    private final ServerStats stats;
    private final Object timerLock = new Object();
    private ScheduledFuture<?> statszTimer;
    private long statszDelay = 250;
    private volatile boolean closed;

    /**
     * @param accounts the server's accounts (the system account among them)
     * @param broker   the read-only view the monitoring endpoints render
     * @param server   the server's identity in answers and events
     */
    public SystemService(Accounts accounts, MonitoredBroker broker, ServerEnvelope server) {
        this(accounts, broker, server, ServerControl.NONE);
    }

    /**
     * As {@link #SystemService(Accounts, MonitoredBroker, ServerEnvelope)}, with the KICK and RELOAD requests acting
     * on {@code control}.
     */
    public SystemService(Accounts accounts, MonitoredBroker broker, ServerEnvelope server, ServerControl control) {
        this.accounts = accounts;
        this.server = server;
        this.queue = new SystemQueue(SystemQueue.DEFAULT_CAPACITY);
        MonitoringEndpoints monitor = new MonitoringEndpoints(broker);
        AccountStatz statz = new AccountStatz(broker);
        this.stats = new ServerStats(broker, monitor);
        this.requests =
                new SystemRequests(accounts.system().name(), accounts.system().router(), queue, server);
        this.events = new SystemEvents(server, accounts.system().router(), queue, statz, Accounts.GLOBAL);
        new ServerRequests(server, monitor, stats).registerAll(requests);
        new ClientLameDuckRequest(server, broker).register(requests);
        new AccountRequests(accounts, broker, monitor, statz, events, server).registerAll(requests);
        new ControlRequests(server, control).registerAll(requests);
        UserInfoRequests.registerAll(requests, accounts);
        scheduleStatsz();
    }

    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "nats-broker-system-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(t);
    }

    /** The registry of system request handlers: add one with {@link SystemRequests#register}. */
    public SystemRequests requests() {
        return requests;
    }

    /** The server's events, fed by the client registry. */
    public SystemEvents events() {
        return events;
    }

    /** Events and requests dropped because the system queue was full. */
    public long dropped() {
        return queue.dropped();
    }

    /** Subscriptions the system handlers hold (in all accounts), not counted as the clients'. */
    public int internalSubscriptions() {
        return requests.size();
    }

    /** Subscriptions the system handlers hold in the router of {@code account}. */
    public int internalSubscriptions(String account) {
        var a = accounts.get(account);
        return a == null ? 0 : requests.size(a.router());
    }

    private void scheduleStatsz() {
        synchronized (timerLock) {
            if (closed) {
                return;
            }
            statszTimer = TIMERS.schedule(
                    () -> {
                        queue.submit(this::sendStatsz);
                        synchronized (timerLock) {
                            statszDelay = Math.min(STATSZ_MAX_MILLIS, statszDelay * 2);
                        }
                        scheduleStatsz();
                    },
                    statszDelay,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void sendStatsz() {
        String subject = "$SYS.SERVER." + server.id() + ".STATSZ";
        if (events.hasInterest(subject)) {
            events.publish(subject, stats.message());
        }
    }

    /**
     * Publishes {@code $SYS.SERVER.<id>.LAMEDUCK} (the bare server identity, as {@code nats-server} sends it when it
     * enters lame-duck mode) and waits up to {@code timeout} until it was handed to the subscribers' buffers.
     */
    public void announceLameDuck(Duration timeout) {
        announce("LAMEDUCK", timeout);
    }

    /**
     * Publishes {@code $SYS.SERVER.<id>.SHUTDOWN} (the bare server identity, as {@code nats-server} sends it when it
     * starts shutting down, while the clients are still connected) and waits up to {@code timeout} until it was
     * handed to the subscribers' buffers.
     */
    public void announceShutdown(Duration timeout) {
        announce("SHUTDOWN", timeout);
    }

    private void announce(String event, Duration timeout) {
        String subject = "$SYS.SERVER." + server.id() + "." + event;
        CompletableFuture<Void> sent = new CompletableFuture<>();
        boolean queued = queue.submit(() -> {
            try {
                if (events.hasInterest(subject)) {
                    events.publish(subject, server.next());
                }
            } finally {
                sent.complete(null);
            }
        });
        if (!queued) {
            return;
        }
        try {
            sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the event is late or lost; stopping goes on
        }
    }

    /** Stops the heartbeat, unsubscribes the handlers and stops the system thread. */
    @Override
    public void close() {
        synchronized (timerLock) {
            closed = true;
            if (statszTimer != null) {
                statszTimer.cancel(false);
            }
        }
        requests.close();
        queue.close();
    }
}

package io.natsspring.kv.leader;

import io.natsspring.kv.core.KeyValueKeyEncoding;
import io.natsspring.kv.lock.KeyValueLeaseLostException;
import io.natsspring.kv.lock.KeyValueLeases;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Campaigns for the leadership of a role through a {@link KeyValueLeases lease} on the role's key. On one thread
 * every third of the lease: a candidate that does not lead tries to create the key; the leader rewrites it at its
 * revision (compare-and-set), which restarts the lease. A grant or a revocation goes to the
 * {@link LeadershipEventPublisher} (application events by default).
 *
 * <p>The role is revoked when the leader stops (its key deleted at once, so another candidate takes over within a
 * third of the lease), yields, finds its key taken or expired, or cannot renew (connection lost) for so long that the
 * lease may have ended on the server: it stops leading before any other candidate can be granted. A {@link
 * SmartLifecycle}: it starts and stops with the application context (phase {@link #DEFAULT_PHASE}).
 */
public class KeyValueLeaderInitiator implements SmartLifecycle, ApplicationEventPublisherAware {

    /** Late start, early stop: the role is given up before the connection closes. */
    public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 1000;

    private static final Log log = LogFactory.getLog(KeyValueLeaderInitiator.class);

    private final KeyValueLeases leases;

    private final String role;

    private final String key;

    private String candidateId = UUID.randomUUID().toString();

    private @Nullable LeadershipEventPublisher eventPublisher;

    private boolean autoStartup = true;

    private int phase = DEFAULT_PHASE;

    private final Context context = new Context();

    private @Nullable ScheduledExecutorService executor;

    private volatile boolean running;

    private volatile long revision;

    private volatile long lastRenewNanos;

    private volatile long yieldUntilNanos;

    /** A candidate for {@code role} (written into a valid key, escaped like lock keys) among {@code leases}. */
    public KeyValueLeaderInitiator(KeyValueLeases leases, String role) {
        Assert.hasText(role, "role must not be empty");
        this.leases = leases;
        this.role = role;
        this.key = KeyValueKeyEncoding.encode(role);
    }

    /** The candidate's id, written into the role's key while it leads (a random UUID by default). */
    public void setCandidateId(String candidateId) {
        Assert.hasText(candidateId, "candidateId must not be empty");
        this.candidateId = candidateId;
    }

    /** Where grants and revocations go (application events when unset). */
    public void setLeadershipEventPublisher(LeadershipEventPublisher eventPublisher) {
        this.eventPublisher = eventPublisher;
    }

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher applicationEventPublisher) {
        if (eventPublisher == null) {
            eventPublisher = new ApplicationLeadershipEventPublisher(applicationEventPublisher);
        }
    }

    /** Whether it starts with the context (default true). */
    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    /** The lifecycle phase. */
    public void setPhase(int phase) {
        this.phase = phase;
    }

    /** The leadership of this candidate. */
    public LeadershipContext getContext() {
        return context;
    }

    /** The candidate id holding the role now, if any (read from the server). */
    public java.util.Optional<String> currentLeader() {
        return leases.holder(key);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "nats-kv-leader-" + role);
            thread.setDaemon(true);
            return thread;
        });
        executor = ex;
        long period = Math.max(1, leases.getLease().toMillis() / 3);
        ex.scheduleWithFixedDelay(this::tick, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService ex;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            ex = executor;
            executor = null;
        }
        if (ex != null) {
            // the tick runs on the executor: give up the role there, after any tick in progress
            try {
                ex.submit(() -> giveUp(true)).get(leases.getLease().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception failure) {
                log.warn("Could not give up the role '" + role + "' cleanly: " + failure);
            }
            ex.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    private void tick() {
        try {
            if (!running) {
                return;
            }
            if (revision != 0) {
                renew();
            } else if (System.nanoTime() - yieldUntilNanos >= 0) {
                campaign();
            }
        } catch (RuntimeException ex) {
            log.debug("Leader election tick for '" + role + "' failed", ex);
        }
    }

    private void campaign() {
        long started = System.nanoTime();
        OptionalLong taken;
        try {
            taken = leases.tryAcquire(key, candidateId);
        } catch (RuntimeException ex) {
            log.debug("Cannot campaign for '" + role + "': " + ex.getMessage());
            return;
        }
        if (taken.isPresent()) {
            revision = taken.getAsLong();
            lastRenewNanos = started;
            log.info("Candidate " + candidateId + " leads '" + role + "'");
            publisher().publishGranted(this, context);
        }
    }

    private void renew() {
        long started = System.nanoTime();
        long period = leases.getLease().toNanos() / 3;
        try {
            revision = leases.renew(key, candidateId, revision);
            lastRenewNanos = started;
        } catch (KeyValueLeaseLostException ex) {
            log.warn("Candidate " + candidateId + " lost '" + role + "': " + ex.getMessage());
            revoke(false);
        } catch (RuntimeException ex) {
            // the lease would end before the next renewal: stop leading now, before another can be granted
            if (System.nanoTime() + period - lastRenewNanos >= leases.getLease().toNanos()) {
                log.warn("Candidate " + candidateId + " gives up '" + role + "', the lease cannot be renewed: "
                        + ex.getMessage());
                revoke(false);
            }
        }
    }

    private void giveUp(boolean release) {
        if (revision != 0) {
            revoke(release);
        }
    }

    private void revoke(boolean release) {
        long held = revision;
        revision = 0;
        if (release) {
            try {
                leases.release(key, held);
            } catch (RuntimeException ex) {
                log.debug("Cannot release '" + role + "': " + ex.getMessage());
            }
        }
        publisher().publishRevoked(this, context);
    }

    private LeadershipEventPublisher publisher() {
        LeadershipEventPublisher p = eventPublisher;
        return p != null ? p : NO_EVENTS;
    }

    private static final LeadershipEventPublisher NO_EVENTS = new LeadershipEventPublisher() {
        @Override
        public void publishGranted(Object source, LeadershipContext context) {}

        @Override
        public void publishRevoked(Object source, LeadershipContext context) {}
    };

    private final class Context implements LeadershipContext {

        @Override
        public boolean isLeader() {
            return revision != 0;
        }

        @Override
        public void yieldLeadership() {
            ScheduledExecutorService ex = executor;
            yieldUntilNanos = System.nanoTime() + leases.getLease().toNanos();
            if (ex != null) {
                ex.execute(() -> giveUp(true));
            }
        }

        @Override
        public String getRole() {
            return role;
        }

        @Override
        public String getCandidateId() {
            return candidateId;
        }

        @Override
        public String toString() {
            return "LeadershipContext[role=" + role + ", candidate=" + candidateId + ", leader=" + isLeader() + "]";
        }
    }
}

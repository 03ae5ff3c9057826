package io.natsspring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The {@code nats.*} configuration tree: how to reach NATS and how the connection behaves. The embedded broker
 * lives under {@code nats.broker}, JetStream declarations under {@code nats.jetstream}.
 */
@ConfigurationProperties("nats")
public class NatsProperties {

    /**
     * Whether to start the embedded broker or connect to remote servers. AUTO connects to nats.servers when
     * set and otherwise starts the embedded broker.
     */
    private NatsMode mode = NatsMode.AUTO;

    /**
     * Server URLs to connect to in remote mode, e.g. nats://host1:4222,nats://host2:4222. In remote mode with no
     * servers, nats://localhost:4222.
     */
    private List<String> servers = new ArrayList<>();

    /** Connection name shown by the server's monitoring. Defaults to spring.application.name. */
    private String connectionName;

    /** User name for user/password authentication. */
    private String username;

    /** Password for user/password authentication. */
    private String password;

    /** Token for token authentication. */
    private String token;

    /** NKey seed (starts with "SU") for NKey authentication. */
    private String nkeySeed;

    /** Path of a credentials file (JWT and NKey seed, as written by nsc) for decentralized authentication. */
    private String credentials;

    /** Timeout of each attempt to connect to a server. */
    private Duration connectionTimeout = Duration.ofSeconds(2);

    /** Time to wait between reconnect attempts to the same server. */
    private Duration reconnectWait = Duration.ofSeconds(2);

    /** Reconnect attempts before giving up; -1 retries forever, 0 never reconnects. */
    private int maxReconnects = -1;

    /** Bytes of outgoing messages buffered while reconnecting; 0 disables buffering (publishes fail). */
    private DataSize reconnectBufferSize = DataSize.ofMegabytes(8);

    /** Interval between client PINGs that detect a dead connection. */
    private Duration pingInterval = Duration.ofMinutes(2);

    /** Prefix of the inbox subjects used for request/reply replies. */
    private String inboxPrefix = "_INBOX.";

    /**
     * Whether the initial connection is retried (every reconnect-wait, up to max-reconnects) when no server is
     * reachable yet; startup waits until connected. When false, startup fails at once if no server is reachable.
     */
    private boolean retryOnInitialConnect = false;

    /**
     * Longest time the connection drains (lets in-flight messages finish) at shutdown before it is closed.
     * Defaults to spring.lifecycle.timeout-per-shutdown-phase.
     */
    private Duration drainTimeout;

    /**
     * What happens with nats.* keys that are not NATS Spring properties (typos such as nats.server): FAIL stops
     * startup naming the key and the nearest valid one, WARN logs the same, IGNORE says nothing. Keys from
     * environment variables (NATS_*, also used by other NATS tools) are only logged.
     */
    private UnknownPropertiesAction unknownProperties = UnknownPropertiesAction.FAIL;

    /** TLS settings. */
    private final Ssl ssl = new Ssl();

    /** NatsTemplate settings. */
    private final Template template = new Template();

    /** Micrometer settings. */
    private final Metrics metrics = new Metrics();

    /** Defaults of @JetStreamConsumer listeners. */
    private final Listener listener = new Listener();

    /** Embedded broker settings. */
    @NestedConfigurationProperty
    private final NatsBrokerProperties broker = new NatsBrokerProperties();

    /** JetStream settings and declarations. */
    @NestedConfigurationProperty
    private final NatsJetStreamProperties jetstream = new NatsJetStreamProperties();

    /** Spring Cache on Key-Value buckets. */
    @NestedConfigurationProperty
    private final NatsCacheProperties cache = new NatsCacheProperties();

    /** Locks and leader election on a Key-Value lease bucket. */
    @NestedConfigurationProperty
    private final NatsLockProperties lock = new NatsLockProperties();

    public NatsMode getMode() {
        return mode;
    }

    public void setMode(NatsMode mode) {
        this.mode = mode;
    }

    public List<String> getServers() {
        return servers;
    }

    public void setServers(List<String> servers) {
        this.servers = servers;
    }

    public String getConnectionName() {
        return connectionName;
    }

    public void setConnectionName(String connectionName) {
        this.connectionName = connectionName;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getNkeySeed() {
        return nkeySeed;
    }

    public void setNkeySeed(String nkeySeed) {
        this.nkeySeed = nkeySeed;
    }

    public String getCredentials() {
        return credentials;
    }

    public void setCredentials(String credentials) {
        this.credentials = credentials;
    }

    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public Duration getReconnectWait() {
        return reconnectWait;
    }

    public void setReconnectWait(Duration reconnectWait) {
        this.reconnectWait = reconnectWait;
    }

    public int getMaxReconnects() {
        return maxReconnects;
    }

    public void setMaxReconnects(int maxReconnects) {
        this.maxReconnects = maxReconnects;
    }

    public DataSize getReconnectBufferSize() {
        return reconnectBufferSize;
    }

    public void setReconnectBufferSize(DataSize reconnectBufferSize) {
        this.reconnectBufferSize = reconnectBufferSize;
    }

    public Duration getPingInterval() {
        return pingInterval;
    }

    public void setPingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
    }

    public String getInboxPrefix() {
        return inboxPrefix;
    }

    public void setInboxPrefix(String inboxPrefix) {
        this.inboxPrefix = inboxPrefix;
    }

    public boolean isRetryOnInitialConnect() {
        return retryOnInitialConnect;
    }

    public void setRetryOnInitialConnect(boolean retryOnInitialConnect) {
        this.retryOnInitialConnect = retryOnInitialConnect;
    }

    public Duration getDrainTimeout() {
        return drainTimeout;
    }

    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    public UnknownPropertiesAction getUnknownProperties() {
        return unknownProperties;
    }

    public void setUnknownProperties(UnknownPropertiesAction unknownProperties) {
        this.unknownProperties = unknownProperties;
    }

    public Ssl getSsl() {
        return ssl;
    }

    public Template getTemplate() {
        return template;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Listener getListener() {
        return listener;
    }

    public NatsBrokerProperties getBroker() {
        return broker;
    }

    public NatsCacheProperties getCache() {
        return cache;
    }

    public NatsLockProperties getLock() {
        return lock;
    }

    public NatsJetStreamProperties getJetstream() {
        return jetstream;
    }

    /** TLS for the client connection, from a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}). */
    public static class Ssl {

        /** Name of the SSL bundle (spring.ssl.bundle.*) whose trust and key material the connection uses. */
        private String bundle;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }

    /** Defaults of {@code NatsTemplate}. */
    public static class Template {

        /** Timeout of request/reply calls that do not pass one. */
        private Duration requestTimeout = Duration.ofSeconds(5);

        /** Whether publishes and requests are recorded as Micrometer observations (timers, trace propagation). */
        private boolean observationEnabled = true;

        /**
         * Retries of JetStream publishes that got no JetStream responder (503) or "JetStream temporarily
         * unavailable" (10008), as while a cluster elects a stream leader (ADR-22).
         */
        private final PublishRetry publishRetry = new PublishRetry();

        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        public boolean isObservationEnabled() {
            return observationEnabled;
        }

        public void setObservationEnabled(boolean observationEnabled) {
            this.observationEnabled = observationEnabled;
        }

        public PublishRetry getPublishRetry() {
            return publishRetry;
        }
    }

    /** Bounded retries of a JetStream publish while JetStream is unavailable (see ADR-22). */
    public static class PublishRetry {

        /** Attempts in all, the first included; 1 disables retries. ADR-22's default: 3 (two retries). */
        private int maxAttempts = 3;

        /** Wait before the first retry; it doubles with each further retry, up to max-wait. */
        private Duration initialWait = Duration.ofMillis(250);

        /** Longest wait between two attempts. */
        private Duration maxWait = Duration.ofSeconds(2);

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialWait() {
            return initialWait;
        }

        public void setInitialWait(Duration initialWait) {
            this.initialWait = initialWait;
        }

        public Duration getMaxWait() {
            return maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }
    }

    /** Micrometer meters. */
    public static class Metrics {

        /** Whether consumer lag gauges (nats.consumer.pending, nats.consumer.ack.pending) are registered. */
        private boolean consumerLagEnabled = true;

        /** How often consumer information is fetched from the server for the lag gauges. */
        private Duration consumerLagInterval = Duration.ofSeconds(30);

        public boolean isConsumerLagEnabled() {
            return consumerLagEnabled;
        }

        public void setConsumerLagEnabled(boolean consumerLagEnabled) {
            this.consumerLagEnabled = consumerLagEnabled;
        }

        public Duration getConsumerLagInterval() {
            return consumerLagInterval;
        }

        public void setConsumerLagInterval(Duration consumerLagInterval) {
            this.consumerLagInterval = consumerLagInterval;
        }
    }

    /** Defaults for what a {@code @JetStreamConsumer} leaves unset. */
    public static class Listener {

        /** Deliveries of one message before a listener gives it up, set on the consumers listeners create; -1 is unlimited. */
        private long maxDeliver = 5;

        /** Delays before redelivering a failed message (nak with delay; the last repeats) when neither the annotation nor the consumer sets a backoff. */
        private List<Duration> backoff =
                new ArrayList<>(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)));

        public long getMaxDeliver() {
            return maxDeliver;
        }

        public void setMaxDeliver(long maxDeliver) {
            this.maxDeliver = maxDeliver;
        }

        public List<Duration> getBackoff() {
            return backoff;
        }

        public void setBackoff(List<Duration> backoff) {
            this.backoff = backoff;
        }
    }
}

package io.natsspring.broker.internal.jetstream;

import static io.natsspring.broker.internal.text.DigitGrouping.grouped;

import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.account.AccountUsage;
import io.natsspring.broker.internal.jetstream.account.DefaultStoreFactory;
import io.natsspring.broker.internal.jetstream.account.StoreFactory;
import io.natsspring.broker.internal.jetstream.account.StoreLayout;
import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.account.StreamRestorer;
import io.natsspring.broker.internal.jetstream.api.ApiDispatcher;
import io.natsspring.broker.internal.jetstream.api.ApiHandlers;
import io.natsspring.broker.internal.jetstream.api.ApiStats;
import io.natsspring.broker.internal.jetstream.api.DirectGetHandler;
import io.natsspring.broker.internal.jetstream.api.StreamDetailJson;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * JetStream for one account, wired together: the stream registry, restore from the store
 * directory on start, the API dispatcher with its handlers, direct gets, and the shared threads.
 */
public final class JetStreamService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JetStreamService.class.getName());

    private final StoreLayout layout;
    private final JetStreamSettings settings;
    private final String serverName;
    private final StoreFactory storeFactory;
    private final ApiStats stats = new ApiStats();
    private final JetStreamExecutors executors = new JetStreamExecutors();
    private final ApiDispatcher dispatcher;
    private final DirectGetHandler directGets;
    private final StreamRegistry registry;

    /** JetStream of the global account {@code $G} under the server's limits. */
    public JetStreamService(JetStreamSettings settings, MessageRouter router, String serverName) {
        this(settings, router, serverName, "$G", new AccountUsage(settings.maxMemoryStore(), settings.maxFileStore()));
    }

    /**
     * JetStream of {@code account}, routing through the account's own {@code router}, its files under
     * {@code <storeDir>/jetstream/<account>} (see {@link StoreLayout#forAccount}), within {@code usage}'s limits.
     */
    public JetStreamService(
            JetStreamSettings settings, MessageRouter router, String serverName, String account, AccountUsage usage) {
        this(
                settings,
                router,
                serverName,
                new DefaultStoreFactory(settings.syncInterval(), settings.syncAlways()),
                StoreLayout.forAccount(settings.storeDir(), account),
                usage);
        registry.accountName(account);
    }

    JetStreamService(JetStreamSettings settings, MessageRouter router, String serverName, StoreFactory storeFactory) {
        this(
                settings,
                router,
                serverName,
                storeFactory,
                new StoreLayout(settings.storeDir()),
                new AccountUsage(settings.maxMemoryStore(), settings.maxFileStore()));
    }

    private JetStreamService(
            JetStreamSettings settings,
            MessageRouter router,
            String serverName,
            StoreFactory storeFactory,
            StoreLayout layout,
            AccountUsage usage) {
        this.layout = layout;
        this.settings = settings;
        this.serverName = serverName;
        this.storeFactory = storeFactory;
        InternalPublisher publisher = new InternalPublisher(router);
        this.dispatcher = new ApiDispatcher(
                publisher,
                stats,
                settings.apiQueueLimit(),
                settings.infoQueueLimit(),
                serverName,
                executors.timers,
                settings.domain());
        this.directGets = new DirectGetHandler(publisher, executors.directGet);
        this.registry = new StreamRegistry(
                layout,
                storeFactory,
                publisher,
                executors.timers,
                usage,
                directGets,
                settings.domain(),
                settings.ingestLimitBytes());
    }

    /** Starts answering API requests and restores the file streams found in the store directory. */
    public void start() throws IOException {
        layout.create();
        // The API answers before the streams come back: a restored stream's sources ask their origins (restored
        // before or after it) for their consumers at once; unanswered, they would wait for the setup timeout.
        // Clients cannot ask yet (the client port is bound after JetStream has started).
        ApiHandlers.registerAll(dispatcher, registry, stats, serverName);
        int restored = StreamRestorer.restore(layout, storeFactory, registry);
        LOG.log(
                System.Logger.Level.INFO,
                "JetStream started, store directory " + layout.storeDir() + ", " + grouped(restored)
                        + " stream(s) restored");
    }

    public Path storeDir() {
        return layout.storeDir();
    }

    /** The account's streams. */
    public StreamRegistry registry() {
        return registry;
    }

    /** Figures for the {@code /jsz} and {@code /varz} monitoring endpoints. */
    public Map<String, Object> monitoringSummary() {
        return JetStreamSummary.render(registry, stats, layout.storeDir(), settings);
    }

    /**
     * {@code /jsz}'s {@code stream_detail} of this account (see {@link StreamDetailJson}); {@code leader} is the
     * name reported as every stream's cluster leader.
     */
    public Object streamDetails(String leader, boolean consumers, boolean config) {
        return StreamDetailJson.of(registry, leader, consumers, config);
    }

    /** Consumers of all streams of this account. */
    public int consumerCount() {
        return registry.consumerCount();
    }

    /** Stops answering, flushes and closes every stream (files stay for the next start). */
    @Override
    public void close() {
        dispatcher.close();
        directGets.close();
        registry.close();
        executors.close();
        dispatcher.shutdown();
    }
}

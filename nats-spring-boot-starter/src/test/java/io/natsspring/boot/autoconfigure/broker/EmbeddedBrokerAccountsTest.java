package io.natsspring.boot.autoconfigure.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.AccountConfig;
import io.natsspring.broker.NatsBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code nats.broker.accounts.<NAME>.*} (users, exports, imports, JetStream limits, mappings) and
 * {@code nats.broker.app-user}: the accounts reach the broker, and the application's own connection logs in as the
 * chosen user.
 */
class EmbeddedBrokerAccountsTest {

    @TempDir
    static Path store;

    private static final String[] TWO_ACCOUNTS = {
        "nats.broker.accounts.ORDERS.users[0].username=orders",
        "nats.broker.accounts.ORDERS.users[0].password=o-pass",
        "nats.broker.accounts.ORDERS.exports[0].service=pricing.>",
        "nats.broker.accounts.ORDERS.exports[0].accounts[0]=SHOP",
        "nats.broker.accounts.ORDERS.exports[1].stream=orders.events.>",
        "nats.broker.accounts.ORDERS.jetstream.max-memory=1MB",
        "nats.broker.accounts.ORDERS.mappings[0].subject=legacy.in",
        "nats.broker.accounts.ORDERS.mappings[0].destination=orders.in",
        "nats.broker.accounts.SHOP.users[0].username=shop",
        "nats.broker.accounts.SHOP.users[0].password=s-pass",
        "nats.broker.accounts.SHOP.imports[0].service=pricing.>",
        "nats.broker.accounts.SHOP.imports[0].account=ORDERS",
        "nats.broker.accounts.SHOP.imports[1].stream=orders.events.>",
        "nats.broker.accounts.SHOP.imports[1].account=ORDERS",
        "nats.broker.accounts.SHOP.imports[1].prefix=from-orders",
    };

    private static final JetStreamOptions JS_OPTIONS =
            JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(10)).build();

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store).withPropertyValues("nats.jetstream.request-timeout=5s");
    }

    @Test
    void accountsReachTheBrokerAndTheAppLogsInAsTheFirstUser() {
        runner().withPropertyValues(TWO_ACCOUNTS).run(context -> {
            assertThat(context).hasNotFailed();
            NatsBroker broker = context.getBean(NatsBroker.class);
            assertThat(broker.options().accounts())
                    .extracting(AccountConfig::name)
                    .containsExactly("ORDERS", "SHOP");
            AccountConfig orders = broker.options().accounts().get(0);
            assertThat(orders.exports())
                    .containsExactly(
                            AccountConfig.Export.service("pricing.>").restrictedTo(java.util.List.of("SHOP")),
                            AccountConfig.Export.stream("orders.events.>"));
            assertThat(orders.jetStream()).isEqualTo(new AccountConfig.JetStreamLimits(1024 * 1024, -1, -1, -1));
            assertThat(orders.mappings()).containsKey("legacy.in");
            AccountConfig shop = broker.options().accounts().get(1);
            assertThat(shop.imports())
                    .containsExactly(
                            AccountConfig.Import.service("ORDERS", "pricing.>"),
                            AccountConfig.Import.stream("ORDERS", "orders.events.>")
                                    .withPrefix("from-orders"));
            assertThat(shop.jetStream()).isNull();
            Connection app = context.getBean(Connection.class);
            assertThat(app.getOptions().getUsername()).isEqualTo("orders");
            assertThat(app.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        });
    }

    @Test
    void crossAccountServiceStreamMappingAndLimitsThroughTheApp() {
        runner().withPropertyValues(TWO_ACCOUNTS).run(context -> {
            NatsBroker broker = context.getBean(NatsBroker.class);
            Connection app = context.getBean(Connection.class); // ORDERS
            try (Connection shop = connect(broker, "shop", "s-pass")) {
                // service: SHOP requests, ORDERS (the app) answers
                app.createDispatcher(m -> app.publish(m.getReplyTo(), "42".getBytes(StandardCharsets.UTF_8)))
                        .subscribe("pricing.>");
                app.flush(Duration.ofSeconds(5));
                Message answer = shop.request("pricing.book", new byte[0], Duration.ofSeconds(5));
                assertThat(new String(answer.getData(), StandardCharsets.UTF_8)).isEqualTo("42");
                // stream: ORDERS publishes, SHOP receives under the prefix; a plain subject stays in ORDERS
                Subscription events = shop.subscribe("from-orders.orders.events.>");
                Subscription isolated = shop.subscribe("orders.private");
                shop.flush(Duration.ofSeconds(5));
                app.publish("orders.events.created", "e".getBytes(StandardCharsets.UTF_8));
                app.publish("orders.private", "p".getBytes(StandardCharsets.UTF_8));
                app.flush(Duration.ofSeconds(5));
                assertThat(events.nextMessage(Duration.ofSeconds(5)).getSubject())
                        .isEqualTo("from-orders.orders.events.created");
                assertThat(isolated.nextMessage(Duration.ofMillis(300))).isNull();
                // mapping inside ORDERS
                Subscription mapped = app.subscribe("orders.in");
                app.flush(Duration.ofSeconds(5));
                app.publish("legacy.in", new byte[0]);
                assertThat(mapped.nextMessage(Duration.ofSeconds(5)).getSubject())
                        .isEqualTo("orders.in");
                // JetStream limit of ORDERS: 1 MB of memory
                JetStreamManagement jsm = app.jetStreamManagement(JS_OPTIONS);
                jsm.addStream(StreamConfiguration.builder()
                        .name("SMALL")
                        .subjects("small.>")
                        .storageType(StorageType.Memory)
                        .maxBytes(512 * 1024)
                        .build());
                assertThatThrownBy(() -> jsm.addStream(StreamConfiguration.builder()
                                .name("LARGE")
                                .subjects("large.>")
                                .storageType(StorageType.Memory)
                                .maxBytes(2 * 1024 * 1024)
                                .build()))
                        .isInstanceOf(JetStreamApiException.class)
                        .hasMessageContaining("[10028]");
                // SHOP has no JetStream
                assertThatThrownBy(() -> shop.jetStreamManagement(JS_OPTIONS).getStreamNames())
                        .isInstanceOf(Exception.class);
            }
        });
    }

    @Test
    void appUserChoosesTheUserAndAnNkeySeedIsEnough() throws Exception {
        NKey key = NKey.createUser(null);
        String seed = new String(key.getSeed());
        String publicKey = new String(key.getPublicKey());
        runner().withPropertyValues(TWO_ACCOUNTS)
                .withPropertyValues(
                        "nats.broker.accounts.SHOP.users[1].nkey-seed=" + seed,
                        "nats.broker.accounts.SHOP.users[1].subscribe-allow=from-orders.>,_INBOX.>",
                        "nats.broker.app-user=" + publicKey)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    NatsBroker broker = context.getBean(NatsBroker.class);
                    assertThat(broker.options().accounts().get(1).users().get(1).nkey())
                            .isEqualTo(publicKey);
                    Connection app = context.getBean(Connection.class);
                    assertThat(app.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                    assertThat(app.getOptions().getAuthHandler()).isNotNull();
                    // the SHOP account's service import works for the app
                    try (Connection orders = connect(broker, "orders", "o-pass")) {
                        orders.createDispatcher(m -> orders.publish(m.getReplyTo(), new byte[] {1}))
                                .subscribe("pricing.>");
                        orders.flush(Duration.ofSeconds(5));
                        assertThat(app.request("pricing.x", new byte[0], Duration.ofSeconds(5)))
                                .isNotNull();
                    }
                });
    }

    @Test
    void appUserByNameAndTokenAndNoAuthUser() {
        runner().withPropertyValues(TWO_ACCOUNTS)
                .withPropertyValues("nats.broker.app-user=shop")
                .run(context -> {
                    Connection app = context.getBean(Connection.class);
                    assertThat(app.getOptions().getUsername()).isEqualTo("shop");
                    assertThat(app.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                });
        runner().withPropertyValues("nats.broker.token=t0ken").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(new String(context.getBean(Connection.class).getOptions().getTokenChars()))
                    .isEqualTo("t0ken");
        });
        runner().withPropertyValues(TWO_ACCOUNTS)
                .withPropertyValues("nats.broker.no-auth-user=shop")
                .run(context -> {
                    Connection app = context.getBean(Connection.class);
                    assertThat(app.getOptions().getUsername()).isNull();
                    assertThat(app.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                });
        // explicit nats.* credentials win
        runner().withPropertyValues(TWO_ACCOUNTS)
                .withPropertyValues("nats.username=shop", "nats.password=s-pass", "nats.broker.app-user=orders")
                .run(context -> assertThat(
                                context.getBean(Connection.class).getOptions().getUsername())
                        .isEqualTo("shop"));
    }

    @Test
    void mistakesAreReportedWithTheirPropertyPaths() {
        runner().withPropertyValues(
                        "nats.broker.accounts.A.users[0].username=a",
                        "nats.broker.accounts.A.exports[0].service=svc",
                        "nats.broker.accounts.A.exports[0].stream=str",
                        "nats.broker.accounts.A.imports[0].service=x",
                        "nats.broker.accounts.A.imports[0].account=NOPE",
                        "nats.broker.accounts.A.mappings[0].subject=in",
                        "nats.broker.accounts.A.mappings[0].destination=out",
                        "nats.broker.accounts.A.mappings[0].weight=101",
                        "nats.broker.accounts.A.jetstream.max-streams=-2",
                        "nats.broker.accounts.A.exprots[0].service=typo",
                        "nats.broker.app-user=zed")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasMessageContaining("nats.broker.accounts.A.users[0].password is required")
                        .hasMessageContaining(
                                "nats.broker.accounts.A.exports[0] needs exactly one of service or" + " stream")
                        .hasMessageContaining("nats.broker.accounts.A.imports[0].account=NOPE is not an account")
                        .hasMessageContaining("nats.broker.accounts.A.mappings[0].weight must be between 1 and 100")
                        .hasMessageContaining("nats.broker.accounts.A.jetstream.max-streams must be -1")
                        .hasMessageContaining(
                                "nats.broker.accounts.a.exprots[0].service is not a NATS Spring" + " property")
                        .hasMessageContaining("nats.broker.app-user=zed names no user"));
    }

    @Test
    void systemAccountFromPropertiesAnswersSysRequests() {
        runner().withPropertyValues(TWO_ACCOUNTS)
                .withPropertyValues(
                        "nats.broker.accounts.SYS.users[0].username=admin",
                        "nats.broker.accounts.SYS.users[0].password=a-pass",
                        "nats.broker.system-account=SYS")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    NatsBroker broker = context.getBean(NatsBroker.class);
                    assertThat(broker.options().systemAccount()).isEqualTo("SYS");
                    try (Connection admin = connect(broker, "admin", "a-pass")) {
                        Message answer = admin.request("$SYS.REQ.SERVER.PING.IDZ", new byte[0], Duration.ofSeconds(10));
                        assertThat(new String(answer.getData(), StandardCharsets.UTF_8))
                                .contains("\"id\"");
                    }
                });
        runner().withPropertyValues(TWO_ACCOUNTS)
                .withPropertyValues("nats.broker.system-account=NOPE")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasMessageContaining(
                                "nats.broker.system-account=NOPE names no account of nats.broker.accounts"));
    }

    @Test
    void bcryptAppUserAndUnknownSeedFailWithTheProperty() {
        runner().withPropertyValues(
                        "nats.broker.users[0].username=app",
                        "nats.broker.users[0].password=$2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.ZvRoXi")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(EmbeddedBrokerConfigurationException.class)
                        .hasMessageContaining("bcrypt")
                        .hasMessageContaining("nats.password"));
        runner().withPropertyValues(
                        "nats.broker.users[0].username=app",
                        "nats.broker.users[0].password=" + BCrypt.withDefaults().hashToString(4, "plain".toCharArray()),
                        "nats.password=plain")
                .run(context -> assertThat(context).hasNotFailed());
        runner().withPropertyValues(
                        "nats.broker.users[0].nkey=UAYQ3NTJIYHGNOPCBDWWJIX2HPZIYIVAIQ4UXNIMOIM6RFNO5EBNTGC5")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("seed is unknown"));
    }

    private static Connection connect(NatsBroker broker, String user, String password) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(broker.clientUrl())
                .userInfo(user, password)
                .connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(0)
                .build());
    }
}

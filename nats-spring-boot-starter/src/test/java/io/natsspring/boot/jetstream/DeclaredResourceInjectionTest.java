package io.natsspring.boot.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.ObjectStore;
import io.nats.client.StreamContext;
import io.nats.client.api.PublishAck;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Issue 16, point 4: streams and buckets declared in YAML exist before the beans that need them are created, so
 * constructors can use them: per-declaration {@link KeyValue}, {@link ObjectStore} and {@link StreamContext} beans
 * (qualified by name), and the plain JetStream beans.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeclaredResourceInjectionTest {

    @TempDir
    Path store;

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store)
                .withPropertyValues(
                        "nats.connection-timeout=10s",
                        "nats.jetstream.streams[0].name=ORDERS",
                        "nats.jetstream.streams[0].subjects=orders.>",
                        "nats.jetstream.streams[0].storage=memory",
                        "nats.jetstream.key-value[0].name=orders-state",
                        "nats.jetstream.key-value[0].storage=memory",
                        "nats.jetstream.key-value[1].name=settings",
                        "nats.jetstream.key-value[1].storage=memory",
                        "nats.jetstream.object-store[0].name=files",
                        "nats.jetstream.object-store[0].storage=memory");
    }

    @Test
    void declaredBucketsAndStreamsAreInjectableByName() {
        runner().withUserConfiguration(OrderState.class).run(context -> {
            assertThat(context).hasNotFailed();
            OrderState state = context.getBean(OrderState.class);
            assertThat(state.written).isEqualTo(1);
            assertThat(state.stream).isEqualTo("ORDERS");
            assertThat(state.published.getStream()).isEqualTo("ORDERS");
            assertThat(new String(state.settings.get("mode").getValue(), StandardCharsets.UTF_8))
                    .isEqualTo("fast");
            assertThat(context.getBean("nats.kv.orders-state")).isSameAs(state.kv);
            assertThat(context.getBean("nats.os.files")).isSameAs(state.files);
            assertThat(context.getBean("nats.stream.ORDERS")).isSameAs(state.orders);
        });
    }

    @Test
    void plainJetStreamBeansSeeTheDeclarationsInConstructors() {
        runner().withUserConfiguration(PlainUser.class).run(context -> {
            assertThat(context).hasNotFailed();
            PlainUser user = context.getBean(PlainUser.class);
            assertThat(user.history).isEqualTo(1);
            assertThat(user.ack.getStream()).isEqualTo("ORDERS");
            assertThat(user.streamMessages).isEqualTo(1);
        });
    }

    /** Constructor injection of the per-declaration beans, used at once. */
    public static class OrderState {
        final KeyValue kv;
        final KeyValue settings;
        final ObjectStore files;
        final StreamContext orders;
        final long written;
        final String stream;
        final PublishAck published;

        public OrderState(
                @Qualifier("orders-state") KeyValue kv,
                @Qualifier("settings") KeyValue settings,
                ObjectStore files,
                StreamContext orders,
                JetStream jetStream)
                throws Exception {
            this.kv = kv;
            this.settings = settings;
            this.files = files;
            this.orders = orders;
            this.written = kv.put("order-1", "PENDING");
            settings.put("mode", "fast");
            files.put("readme.txt", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
            this.stream = orders.getStreamInfo().getConfiguration().getName();
            this.published = jetStream.publish("orders.created", "1".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What a user wrote before per-bucket beans existed: the plain beans, used in a constructor. */
    public static class PlainUser {
        final long history;
        final PublishAck ack;
        final long streamMessages;

        public PlainUser(Connection connection, KeyValueManagement kvm, JetStream jetStream) throws Exception {
            this.history = kvm.getStatus("orders-state").getMaxHistoryPerKey();
            this.ack = jetStream.publish("orders.created", "1".getBytes(StandardCharsets.UTF_8));
            this.streamMessages = connection
                    .getStreamContext("ORDERS")
                    .getStreamInfo()
                    .getStreamState()
                    .getMsgCount();
        }
    }
}

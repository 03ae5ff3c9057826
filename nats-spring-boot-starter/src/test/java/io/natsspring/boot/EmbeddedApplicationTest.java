package io.natsspring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.natsspring.annotation.NatsListener;
import io.natsspring.annotation.support.NatsMessageConverter;
import io.natsspring.boot.autoconfigure.endpoint.NatsEndpoint;
import io.natsspring.boot.autoconfigure.health.NatsHealthIndicator;
import io.natsspring.boot.template.NatsRequestTimeoutException;
import io.natsspring.boot.template.NatsServiceErrorException;
import io.natsspring.boot.template.NatsTemplate;
import io.natsspring.broker.NatsBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A whole application with nothing but the starter: the embedded broker on a random port, the template, health
 * and metrics, over real TCP.
 */
@SpringBootTest(
        properties = {
            "spring.application.name=embedded-app",
            "management.endpoints.web.exposure.include=nats",
            "nats.broker.store-dir=${java.io.tmpdir}/nats-spring-test/${random.uuid}"
        })
class EmbeddedApplicationTest {

    @Autowired
    NatsTemplate template;

    @Autowired
    Connection connection;

    @Autowired
    NatsBroker broker;

    @Autowired
    NatsMessageConverter converter; // the one bean the template and listener containers share

    @Autowired
    NatsHealthIndicator natsHealthIndicator;

    @Autowired
    MeterRegistry meters;

    record Order(String id, int quantity) {}

    @Test
    void publishesTextAndReceivesIt() throws Exception {
        Subscription sub = connection.subscribe("app.text");
        template.publish("app.text", "hello");
        Message m = sub.nextMessage(Duration.ofSeconds(2));
        assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(template.convert(m, String.class)).isEqualTo("hello");
    }

    @Test
    void publishesObjectsAsJsonWithContentType() throws Exception {
        Subscription sub = connection.subscribe("app.orders");
        template.publish("app.orders", new Order("o-1", 3));
        Message m = sub.nextMessage(Duration.ofSeconds(2));
        assertThat(m.getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"o-1\",\"quantity\":3}");
        assertThat(template.convert(m, Order.class)).isEqualTo(new Order("o-1", 3));
    }

    @Test
    void requestReplyWithTypedResponse() throws Exception {
        Dispatcher responder = connection.createDispatcher(msg -> {
            Order order = template.convert(msg, Order.class);
            template.publish(msg.getReplyTo(), new Order(order.id(), order.quantity() * 2));
        });
        responder.subscribe("app.double");
        try {
            connection.flush(Duration.ofSeconds(1));
            assertThat(template.request("app.double", new Order("o-2", 4), Order.class))
                    .isEqualTo(new Order("o-2", 8));
            CompletableFuture<Order> async = template.requestAsync("app.double", new Order("o-3", 5), Order.class);
            assertThat(async.get(2, TimeUnit.SECONDS)).isEqualTo(new Order("o-3", 10));
        } finally {
            connection.closeDispatcher(responder);
        }
    }

    @Test
    void typedRequestThrowsTheServiceErrorOfAnErrorReply() throws Exception {
        Dispatcher responder = connection.createDispatcher(msg -> {
            Headers headers = new Headers()
                    .put(NatsTemplate.SERVICE_ERROR_CODE, "404")
                    .put(NatsTemplate.SERVICE_ERROR, "no order o-9");
            connection.publish(msg.getReplyTo(), headers, new byte[0]);
        });
        responder.subscribe("app.failing");
        try {
            connection.flush(Duration.ofSeconds(1));
            assertThatThrownBy(() -> template.request("app.failing", "o-9", Order.class))
                    .isInstanceOfSatisfying(NatsServiceErrorException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(404);
                        assertThat(e.getDescription()).isEqualTo("no order o-9");
                        assertThat(e.getSubject()).isEqualTo("app.failing");
                    })
                    .hasMessage("Request on 'app.failing' failed with service error 404: no order o-9");
            assertThat(template.requestAsync("app.failing", "o-9", Order.class))
                    .failsWithin(Duration.ofSeconds(2))
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(NatsServiceErrorException.class);
            Message raw = template.request("app.failing", "o-9", Message.class);
            assertThat(raw.getHeaders().getFirst(NatsTemplate.SERVICE_ERROR_CODE))
                    .isEqualTo("404");
        } finally {
            connection.closeDispatcher(responder);
        }
    }

    @Test
    void requestWithoutResponderTimesOut() {
        assertThatThrownBy(() -> template.request("app.nobody", "ping", String.class, Duration.ofMillis(300)))
                .isInstanceOf(NatsRequestTimeoutException.class)
                .hasMessageContaining("app.nobody");
    }

    @Test
    void healthIsUpWithEmbeddedBrokerDetails() {
        Health health = natsHealthIndicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("status", "CONNECTED")
                .containsEntry("serverName", "embedded-app");
        @SuppressWarnings("unchecked")
        Map<String, Object> embedded = (Map<String, Object>) health.getDetails().get("embeddedBroker");
        assertThat(embedded).containsEntry("running", true).containsEntry("port", broker.port());
    }

    @Test
    void connectionStatisticsAndPublishTimersAreMeters() {
        double before = meters.get("nats.messages.sent").functionCounter().count();
        for (int i = 0; i < 5; i++) {
            template.publish("app.metered", "m" + i);
        }
        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(meters.get("nats.messages.sent")
                                .functionCounter()
                                .count())
                        .isGreaterThanOrEqualTo(before + 5));
        assertThat(meters.get("nats.connection.connected").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("nats.publish")
                        .tag("messaging.operation", "publish")
                        .timer()
                        .count())
                .isGreaterThanOrEqualTo(5);
    }

    @Autowired
    NatsEndpoint endpoint;

    @Test
    void endpointListsAndControlsListeners() throws Exception {
        assertThat(endpoint.nats().listeners()).anySatisfy(l -> {
            assertThat(l.id()).isEqualTo("echo");
            assertThat(l.subjects()).containsExactly("app.echo");
            assertThat(l.running()).isTrue();
            assertThat(l.paused()).isFalse();
        });
        assertThat(endpoint.listener("echo", "pause").paused()).isTrue();
        assertThatThrownBy(() -> template.request("app.echo", "hi", String.class, Duration.ofMillis(300)))
                .isInstanceOf(NatsRequestTimeoutException.class);
        assertThat(endpoint.listener("echo", "resume").paused()).isFalse();
        assertThat(template.request("app.echo", "hi", String.class, Duration.ofSeconds(2)))
                .isEqualTo("echo:hi");
        assertThat(endpoint.listener("nobody", "pause")).isNull();
        assertThatThrownBy(() -> endpoint.listener("echo", "explode"))
                .isInstanceOf(org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException.class);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @NatsListener(id = "echo", subject = "app.echo")
        String echo(String in) {
            return "echo:" + in;
        }
    }
}

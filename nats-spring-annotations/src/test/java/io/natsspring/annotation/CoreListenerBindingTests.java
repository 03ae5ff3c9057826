package io.natsspring.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.natsspring.annotation.support.NatsMessageHeaders;
import io.natsspring.annotation.testsupport.ListenerContexts;
import io.natsspring.annotation.testsupport.TestServers.ServerChoice;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/** Argument binding and payload conversion of {@code @NatsListener} methods, on the embedded broker and nats-server. */
class CoreListenerBindingTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    record Order(String id, int quantity) {}

    record ValidatedOrder(@NotBlank String id, @Min(1) int quantity) {}

    @Component
    static class BindingListeners {

        final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();

        @NatsListener("bind.bytes")
        byte[] bytes(byte[] payload) {
            return new StringBuilder(new String(payload, StandardCharsets.UTF_8))
                    .reverse()
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
        }

        @NatsListener("bind.string")
        String string(String payload) {
            return "hello " + payload;
        }

        @NatsListener("bind.pojo")
        Order pojo(Order order) {
            return new Order(order.id(), order.quantity() * 2);
        }

        @NatsListener("bind.list")
        int list(List<Order> orders) {
            return orders.stream().mapToInt(Order::quantity).sum();
        }

        @NatsListener("bind.meta.>")
        String meta(
                @Subject String subject,
                @ReplyTo String replyTo,
                Message raw,
                org.springframework.messaging.Message<Order> message,
                @Payload Order order) {
            seen.add(raw);
            seen.add(message.getPayload());
            return subject + "|" + (replyTo != null && replyTo.equals(raw.getReplyTo())) + "|"
                    + message.getHeaders().get(NatsMessageHeaders.SUBJECT) + "|" + order.id();
        }

        @NatsListener("bind.headers")
        String headers(
                @Header("X-One") String one,
                @Header("X-Many") List<String> many,
                @Header("X-Number") int number,
                @Header(name = "X-Missing", required = false) String missing,
                @Header(name = "X-Default", defaultValue = "dflt") String withDefault,
                @Headers Map<String, Object> all) {
            return one + "|" + many + "|" + (number + 1) + "|" + missing + "|" + withDefault + "|" + all.get("X-One")
                    + "|" + all.containsKey(NatsMessageHeaders.SUBJECT);
        }

        @NatsListener("bind.valid")
        String valid(@Valid ValidatedOrder order) {
            return "ok " + order.id();
        }

        @NatsListener(subject = "bind.latin1", contentType = "text/plain;charset=ISO-8859-1")
        String latin1(String text) {
            return text;
        }

        @NatsListener("bind.void")
        void noReply(String text) {
            seen.add(text);
        }
    }

    private static AnnotationConfigApplicationContext context(ServerChoice choice) {
        return ListenerContexts.start(choice.server(), BindingListeners.class);
    }

    private static String request(Connection connection, String subject, String body) throws Exception {
        Message reply = connection.request(subject, body.getBytes(StandardCharsets.UTF_8), TIMEOUT);
        assertThat(reply).as("reply on " + subject).isNotNull();
        return new String(reply.getData(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void bindsBytesStringAndJson(ServerChoice server) throws Exception {
        try (AnnotationConfigApplicationContext context = context(server)) {
            Connection connection = context.getBean(Connection.class);
            assertThat(request(connection, "bind.bytes", "abc")).isEqualTo("cba");
            assertThat(request(connection, "bind.string", "nats")).isEqualTo("hello nats");
            Message reply = connection.request(
                    "bind.pojo", "{\"id\":\"o-1\",\"quantity\":3}".getBytes(StandardCharsets.UTF_8), TIMEOUT);
            assertThat(new String(reply.getData(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"id\":\"o-1\",\"quantity\":6}");
            assertThat(reply.getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
            assertThat(request(
                            connection, "bind.list", "[{\"id\":\"a\",\"quantity\":2},{\"id\":\"b\",\"quantity\":5}]"))
                    .isEqualTo("7");
        }
    }

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void bindsSubjectReplyToRawAndSpringMessage(ServerChoice server) throws Exception {
        try (AnnotationConfigApplicationContext context = context(server)) {
            Connection connection = context.getBean(Connection.class);
            String reply = request(connection, "bind.meta.eu.orders", "{\"id\":\"o-7\",\"quantity\":1}");
            assertThat(reply).isEqualTo("bind.meta.eu.orders|true|bind.meta.eu.orders|o-7");
            BindingListeners listeners = context.getBean(BindingListeners.class);
            assertThat(listeners.seen.poll(1, TimeUnit.SECONDS)).isInstanceOf(Message.class);
            assertThat(listeners.seen.poll(1, TimeUnit.SECONDS)).isEqualTo(new Order("o-7", 1));
        }
    }

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void bindsSingleMultiAndAllHeaders(ServerChoice server) throws Exception {
        try (AnnotationConfigApplicationContext context = context(server)) {
            Connection connection = context.getBean(Connection.class);
            io.nats.client.impl.Headers headers = new io.nats.client.impl.Headers()
                    .put("X-One", "1")
                    .add("X-Many", "a", "b")
                    .put("X-Number", "41");
            Message reply = connection.request("bind.headers", headers, new byte[0], TIMEOUT);
            assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("1|[a, b]|42|null|dflt|1|true");
        }
    }

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void validatesPayloadAndHonoursContentType(ServerChoice server) throws Exception {
        try (AnnotationConfigApplicationContext context = context(server)) {
            Connection connection = context.getBean(Connection.class);
            assertThat(request(connection, "bind.valid", "{\"id\":\"v\",\"quantity\":1}"))
                    .isEqualTo("ok v");
            Message invalid = connection.request(
                    "bind.valid", "{\"id\":\"\",\"quantity\":0}".getBytes(StandardCharsets.UTF_8), TIMEOUT);
            assertThat(invalid.getHeaders().getFirst("Nats-Service-Error-Code")).isEqualTo("400");
            assertThat(invalid.getHeaders().getFirst("Nats-Service-Error")).contains("quantity");

            Message latin = connection.request("bind.latin1", new byte[] {(byte) 0xE9}, TIMEOUT);
            assertThat(new String(latin.getData(), StandardCharsets.UTF_8)).isEqualTo("\u00e9");
        }
    }

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void voidListenerReceivesPlainMessagesAndSendsNoReply(ServerChoice server) throws Exception {
        try (AnnotationConfigApplicationContext context = context(server)) {
            Connection connection = context.getBean(Connection.class);
            connection.publish("bind.void", "fire-and-forget".getBytes(StandardCharsets.UTF_8));
            assertThat(context.getBean(BindingListeners.class).seen.poll(2, TimeUnit.SECONDS))
                    .isEqualTo("fire-and-forget");
            assertThat(connection.request("bind.void", new byte[] {'x'}, Duration.ofMillis(300)))
                    .isNull();
        }
    }
}

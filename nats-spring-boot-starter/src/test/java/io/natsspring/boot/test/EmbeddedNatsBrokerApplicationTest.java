package io.natsspring.boot.test;

// snippet: docs/testing.md "A Spring Boot test on the annotation's broker"
import io.nats.client.Connection;
import io.nats.client.Message;
import io.natsspring.annotation.JetStreamConsumer;
import io.natsspring.annotation.NatsListener;
import io.natsspring.boot.template.NatsTemplate;
import io.natsspring.broker.NatsBroker;
import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.utils.NatsTestUtils;
import io.natsspring.test.utils.SubjectRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.handler.annotation.SendTo;

import java.time.Duration;
import java.util.List;

import static io.natsspring.test.assertj.NatsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole application under {@code @SpringBootTest} with {@code @EmbeddedNatsBroker}: the starter connects to the
 * annotation's broker (no second broker), declarations land on it, and listeners consume from it.
 */
@SpringBootTest(classes = EmbeddedNatsBrokerApplicationTest.App.class, properties = {
        "nats.jetstream.streams[0].name=ORDERS", "nats.jetstream.streams[0].subjects=orders.>",
        "nats.drain-timeout=1s"})
@EmbeddedNatsBroker(jetStream = true)
class EmbeddedNatsBrokerApplicationTest {

    @Autowired
    Connection connection;

    @Autowired
    NatsTemplate template;

    @Autowired
    NatsBroker broker;

    @Autowired
    ApplicationContext context;

    @Test
    void theApplicationUsesTheAnnotationsBroker() {
        assertThat(context.getBeansOfType(NatsBroker.class)).containsOnlyKeys(EmbeddedNatsBroker.BEAN_NAME);
        assertThat(connection.getConnectedUrl()).endsWith(":" + broker.port());
    }

    @Test
    void listenersAnswerAndStreamsAreDeclaredOnIt() {
        try (SubjectRecorder greetings = NatsTestUtils.record(connection, "greetings")) {
            template.publish("hello", "Ada");
            assertThat(greetings.next(Duration.ofSeconds(5))).hasSubject("greetings").hasPayload("Hello, Ada");
        }

        template.jetStreamPublish("orders.created", "{\"id\":\"o-1\"}");
        List<Message> stored = NatsTestUtils.streamMessages(connection, "ORDERS", 1, Duration.ofSeconds(5));
        assertThat(stored.get(0)).hasSubject("orders.created").hasJsonPayload("{\"id\": \"o-1\"}");
        NatsTestUtils.awaitConsumerDrained(connection, "ORDERS", "audit", Duration.ofSeconds(10));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Greeter greeter() {
            return new Greeter();
        }
    }

    static class Greeter {

        @NatsListener(subject = "hello")
        @SendTo("greetings")
        String greet(String name) {
            return "Hello, " + name;
        }

        @JetStreamConsumer(stream = "ORDERS", durable = "audit")
        void audit(String order) {
            // acknowledged on return
        }
    }
}
// end snippet

package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.NatsBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestReplyTest extends BrokerTestSupport {

    /** Starts a responder answering "re:" + request payload, echoing the request's headers. */
    private void startResponder(NatsBroker broker, String subject) throws Exception {
        Connection responder = connect(broker);
        responder
                .createDispatcher(m -> {
                    NatsMessage.Builder reply =
                            NatsMessage.builder().subject(m.getReplyTo()).data(bytes("re:" + text(m)));
                    if (m.hasHeaders()) {
                        reply.headers(m.getHeaders());
                    }
                    responder.publish(reply.build());
                })
                .subscribe(subject, "responders");
        responder.flush(WAIT);
    }

    private Options.Builder style(NatsBroker broker, boolean oldStyle) {
        Options.Builder b = options(broker);
        return oldStyle ? b.oldRequestStyle() : b;
    }

    @ParameterizedTest(name = "oldRequestStyle={0}")
    @ValueSource(booleans = {false, true})
    void syncRequest(boolean oldStyle) throws Exception {
        NatsBroker broker = startBroker();
        startResponder(broker, "svc.echo");
        Connection c = connect(style(broker, oldStyle));
        Message reply = c.request("svc.echo", bytes("ping"), WAIT);
        assertThat(reply).isNotNull();
        assertThat(text(reply)).isEqualTo("re:ping");
        if (!oldStyle) {
            assertThat(reply.getSubject()).startsWith("_INBOX.");
        }
    }

    @ParameterizedTest(name = "oldRequestStyle={0}")
    @ValueSource(booleans = {false, true})
    void asyncRequestsAreCorrelated(boolean oldStyle) throws Exception {
        NatsBroker broker = startBroker();
        startResponder(broker, "svc.echo");
        Connection c = connect(style(broker, oldStyle));
        List<CompletableFuture<Message>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(
                    i % 2 == 0
                            ? c.request("svc.echo", bytes("r" + i))
                            : c.requestWithTimeout("svc.echo", bytes("r" + i), WAIT));
        }
        for (int i = 0; i < futures.size(); i++) {
            assertThat(text(futures.get(i).get(3, TimeUnit.SECONDS))).isEqualTo("re:r" + i);
        }
    }

    @Test
    void requestWithHeaders() throws Exception {
        NatsBroker broker = startBroker();
        startResponder(broker, "svc.h");
        Connection c = connect(broker);
        Message reply = c.request(
                NatsMessage.builder()
                        .subject("svc.h")
                        .headers(new Headers().add("Trace", "a", "b"))
                        .data(bytes("x"))
                        .build(),
                WAIT);
        assertThat(reply.getHeaders().get("Trace")).containsExactly("a", "b");
        assertThat(text(reply)).isEqualTo("re:x");
    }

    @ParameterizedTest(name = "oldRequestStyle={0}")
    @ValueSource(booleans = {false, true})
    void noRespondersCancelsTheRequestQuickly(boolean oldStyle) throws Exception {
        NatsBroker broker = startBroker();
        Connection c = connect(style(broker, oldStyle));
        long t0 = System.nanoTime();
        CompletableFuture<Message> f = c.requestWithTimeout("nobody.home", bytes("?"), Duration.ofSeconds(10));
        assertThatThrownBy(() -> f.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        // the sync form returns null at once instead of waiting for its timeout
        assertThat(c.request("nobody.home", bytes("?"), Duration.ofSeconds(10))).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void noRespondersReportedAs503Status() throws Exception {
        NatsBroker broker = startBroker();
        Connection c = connect(options(broker).reportNoResponders());
        CompletableFuture<Message> f = c.request("nobody.home", bytes("?"));
        assertThatThrownBy(() -> f.get(3, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(JetStreamStatusException.class)
                .satisfies(e -> assertThat(
                                ((JetStreamStatusException) e).getStatus().getCode())
                        .isEqualTo(503));
    }

    @Test
    void noRespondersFrameOnTheWire() throws Exception {
        NatsBroker broker = startBroker();
        RawClient c = raw(broker).handshake("{\"verbose\":false,\"headers\":true,\"no_responders\":true}");
        c.send("SUB reply.here 5\r\nPUB nobody reply.here 2\r\nhi\r\nPING\r\n");
        c.expect("HMSG reply.here 5 16 16")
                .expect("NATS/1.0 503")
                .expect("")
                .expect("")
                .expect("PONG");
        // without a reply subject there is nothing to report
        c.send("PUB nobody 2\r\nhi\r\nPING\r\n").expect("PONG");
    }
}

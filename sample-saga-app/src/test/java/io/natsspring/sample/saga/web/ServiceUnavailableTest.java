package io.natsspring.sample.saga.web;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.observation.ObservationRegistry;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.natsspring.boot.template.NatsTemplate;
import io.natsspring.boot.template.NatsUnavailableException;
import io.natsspring.kv.core.KeyValueException;
import io.natsspring.sample.saga.event.SagaEventPublisher;
import io.natsspring.sample.saga.order.Order;
import io.natsspring.sample.saga.order.OrderController;
import io.natsspring.sample.saga.order.OrderRepository;
import io.natsspring.sample.saga.order.OrderService;
import io.natsspring.sample.saga.order.StockCheckClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * Issue 16, point 8: while JetStream is unavailable (a cluster node died, no stream leader yet) the HTTP API answers
 * {@code 503} with {@code Retry-After}, not {@code 500}: the order controller over a template whose publish gave up.
 */
class ServiceUnavailableTest {

    private static final String ORDER = """
            {"customerId": "c-1", "amount": 10, "items": [{"sku": "SKU-1", "quantity": 1}]}""";

    private final UnavailableTemplate template = new UnavailableTemplate();

    private MockMvc mvc(OrderRepository repository) {
        OrderService service =
                new OrderService(repository, new StockCheckClient(template), new SagaEventPublisher(template));
        return MockMvcBuilders.standaloneSetup(new OrderController(service))
                .setControllerAdvice(new ServiceUnavailableHandler(), new InvalidRequestHandler())
                .build();
    }

    @Test
    void aPublishThatJetStreamDidNotTakeAnswers503WithRetryAfter() throws Exception {
        mvc(new EmptyRepository(null))
                .perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().string(containsString("\"status\":503")))
                .andExpect(content().string(containsString("\"title\":\"Service unavailable\"")));
    }

    @Test
    void aKeyValueReadThatTimedOutAnswers503Too() throws Exception {
        KeyValueException timeout = new KeyValueException(
                "orders",
                "o-1",
                "I/O error",
                new IOException("Timeout or no response waiting for NATS JetStream server"));
        mvc(new EmptyRepository(timeout))
                .perform(get("/orders/o-1"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"));
    }

    /** A template whose stock checks answer and whose JetStream publishes gave up: JetStream has no leader. */
    static final class UnavailableTemplate extends NatsTemplate {

        UnavailableTemplate() {
            super(null, null, null, ObservationRegistry.NOOP, Duration.ofSeconds(1));
        }

        @Override
        public <T> T request(String subject, Object payload, Class<T> responseType, Duration timeout) {
            return null; // the stock check answered
        }

        @Override
        public PublishAck jetStreamPublish(String subject, Object payload, Headers headers, PublishOptions options) {
            throw new NatsUnavailableException(
                    subject,
                    3,
                    Duration.ofMillis(750),
                    new IOException("Error Publishing: 503 No Responders Available For Request"));
        }
    }

    /** No orders; reads fail with {@code failure} when it is set. */
    static final class EmptyRepository extends OrderRepository {

        private final RuntimeException failure;

        EmptyRepository(RuntimeException failure) {
            super((io.natsspring.kv.core.KeyValueOperations<Order>) null);
            this.failure = failure;
        }

        @Override
        public Optional<Order> find(String orderId) {
            if (failure != null) {
                throw failure;
            }
            return Optional.empty();
        }

        @Override
        public boolean create(Order order) {
            return true;
        }
    }
}

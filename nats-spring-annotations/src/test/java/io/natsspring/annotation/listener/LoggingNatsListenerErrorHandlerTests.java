package io.natsspring.annotation.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.annotation.support.NatsMessageHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/** What the default error handler logs (through java.util.logging, the backend of these tests) and that it rethrows. */
class LoggingNatsListenerErrorHandlerTests {

    private final Logger logger = Logger.getLogger(LoggingNatsListenerErrorHandler.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level previousLevel;

    @BeforeEach
    void capture() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
        logger.setLevel(previousLevel);
    }

    private final Message<byte[]> message = MessageBuilder.withPayload("SKU-9".getBytes(StandardCharsets.UTF_8))
            .setHeader(NatsMessageHeaders.SUBJECT, "inventory.check")
            .build();

    @Test
    void failuresAreLoggedAtWarnWithTheirStackTrace() {
        ListenerExecutionFailedException failure =
                new ListenerExecutionFailedException("Stock.check", message, new IllegalStateException("boom"));

        assertThatThrownBy(() -> new LoggingNatsListenerErrorHandler().handleError(message, failure))
                .isSameAs(failure);

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getMessage())
                    .contains("Stock.check")
                    .contains("inventory.check")
                    .contains("SKU-9");
            assertThat(record.getThrown()).hasMessage("boom");
        });
    }

    @Test
    void clientErrorAnswersAreLoggedAtDebugWithoutStackTrace() {
        ListenerExecutionFailedException notFound = new ListenerExecutionFailedException(
                "Stock.check", message, new NatsServiceException(404, "unknown SKU SKU-9"));

        assertThatThrownBy(() -> new LoggingNatsListenerErrorHandler().handleError(message, notFound))
                .isSameAs(notFound);

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.FINE);
            assertThat(record.getMessage())
                    .contains("answered 404 (unknown SKU SKU-9)")
                    .contains("inventory.check");
            assertThat(record.getThrown()).isNull();
        });
    }

    @Test
    void serverErrorAnswersStayWarnings() {
        ListenerExecutionFailedException unavailable = new ListenerExecutionFailedException(
                "Stock.check", message, new NatsServiceException(503, "store down"));

        assertThatThrownBy(() -> new LoggingNatsListenerErrorHandler().handleError(message, unavailable))
                .isSameAs(unavailable);

        assertThat(records)
                .singleElement()
                .satisfies(record -> assertThat(record.getLevel()).isEqualTo(Level.WARNING));
    }
}

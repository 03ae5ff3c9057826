package io.natsspring.sample.saga.web;

import io.natsspring.boot.template.JetStreamAvailability;
import io.natsspring.boot.template.NatsUnavailableException;
import io.natsspring.kv.core.KeyValueException;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers {@code 503 Service Unavailable} with {@code Retry-After} when JetStream is unavailable — a cluster node
 * died and a stream has no leader yet, or the server is unreachable — instead of {@code 500}: the template's
 * {@link NatsUnavailableException} (thrown after its publish retries) and a Key-Value access that failed for the
 * same reason. The client may send the request again; {@code Idempotency-Key} makes that safe.
 */
@RestControllerAdvice
public class ServiceUnavailableHandler {

    /** How long clients are asked to wait before trying again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final Log log = LogFactory.getLog(ServiceUnavailableHandler.class);

    @ExceptionHandler(NatsUnavailableException.class)
    ResponseEntity<ProblemDetail> natsUnavailable(NatsUnavailableException ex) {
        return unavailable(ex);
    }

    @ExceptionHandler(KeyValueException.class)
    ResponseEntity<ProblemDetail> keyValueUnavailable(KeyValueException ex) throws KeyValueException {
        if (!JetStreamAvailability.isUnavailable(ex)) {
            throw ex; // a real error: Spring answers 500
        }
        return unavailable(ex);
    }

    private static ResponseEntity<ProblemDetail> unavailable(Exception ex) {
        log.warn("Answering 503: " + ex.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The message store is temporarily unavailable; try again in " + RETRY_AFTER.toSeconds() + " s");
        problem.setTitle("Service unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
                .body(problem);
    }
}

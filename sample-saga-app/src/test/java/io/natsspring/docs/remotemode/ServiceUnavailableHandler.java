package io.natsspring.docs.remotemode;

// The ServiceUnavailableHandler block of docs/remote-mode.md, compiled (outside the sample's component scan).
// tag::snippet[]
import io.natsspring.boot.template.NatsUnavailableException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class ServiceUnavailableHandler {

    @ExceptionHandler(NatsUnavailableException.class)
    ResponseEntity<ProblemDetail> natsUnavailable(NatsUnavailableException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "try again in 5 s"));
    }
}
// end::snippet[]

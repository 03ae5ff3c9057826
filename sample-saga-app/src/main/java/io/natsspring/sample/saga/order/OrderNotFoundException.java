package io.natsspring.sample.saga.order;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** {@code GET /orders/{id}} of an unknown id: a 404 problem detail. */
public class OrderNotFoundException extends ErrorResponseException {

    private static final long serialVersionUID = 1L;

    public OrderNotFoundException(String orderId) {
        super(
                HttpStatus.NOT_FOUND,
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No order " + orderId),
                null);
    }
}

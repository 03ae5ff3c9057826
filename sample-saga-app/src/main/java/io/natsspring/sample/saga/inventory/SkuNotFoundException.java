package io.natsspring.sample.saga.inventory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** {@code GET /inventory/{sku}} of a SKU without stock entry: a 404 problem detail. */
public class SkuNotFoundException extends ErrorResponseException {

    private static final long serialVersionUID = 1L;

    public SkuNotFoundException(String sku) {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Unknown SKU " + sku), null);
    }
}

package io.natsspring.sample.saga.order;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An order names a SKU the inventory does not know: a 400 problem detail naming the field. */
public class UnknownSkuException extends ErrorResponseException {

    private static final long serialVersionUID = 1L;

    public UnknownSkuException(int line, String sku) {
        super(HttpStatus.BAD_REQUEST, problem(line, sku), null);
    }

    private static ProblemDetail problem(int line, String sku) {
        String field = "items[" + line + "].sku";
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + ": unknown SKU '" + sku + "'");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Map.of("field", field, "message", "unknown SKU '" + sku + "'")));
        return problem;
    }
}

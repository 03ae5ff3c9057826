package io.natsspring.sample.saga.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders}, {@code GET /orders/{id}}, {@code GET /orders}. */
@RestController
@RequestMapping("/orders")
public class OrderController {

    /** Header that makes a retried {@code POST /orders} return the order it created the first time. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final OrderService orders;

    public OrderController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    public OrderAccepted place(
            @Valid @RequestBody PlaceOrderRequest request,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        return orders.place(request, idempotencyKey);
    }

    @GetMapping("/{orderId}")
    public Order get(@PathVariable String orderId) {
        return orders.get(orderId);
    }

    @GetMapping
    public List<Order> recent(@RequestParam(defaultValue = "20") @Min(1) @Max(500) int limit) {
        return orders.recent(limit);
    }
}

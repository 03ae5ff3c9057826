package io.natsspring.sample.saga.payment;

import io.natsspring.sample.saga.event.OrderItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The payment of one order, as stored in the {@code payments} bucket. It keeps what the outcome events need, so that
 * a redelivered event is answered with the same outcome instead of a second charge.
 *
 * @param reason why it was declined or refunded; {@code null} while charged
 * @param at     when it reached its status
 */
public record Payment(
        String orderId,
        String customerId,
        List<OrderItem> items,
        BigDecimal amount,
        PaymentStatus status,
        String reason,
        Instant at) {

    public Payment refunded(String why, Instant now) {
        return new Payment(orderId, customerId, items, amount, PaymentStatus.REFUNDED, why, now);
    }
}

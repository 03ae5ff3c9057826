package io.natsspring.sample.saga.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.sample.saga.event.OrderItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an order takes events that arrive twice or out of order. */
class OrderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final Order pending =
            Order.pending("o-1", "c-1", List.of(new OrderItem("SKU-1", 2)), new BigDecimal("25.00"), T0);

    @Test
    void historyIsSortedByStepWhateverTheArrivalOrder() {
        Order order = pending.advance(OrderStatus.RESERVED, T0.plusSeconds(2), null)
                .advance(OrderStatus.PAID, T0.plusSeconds(1), null)
                .advance(OrderStatus.CONFIRMED, T0.plusSeconds(3), null);

        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.history())
                .extracting(StatusChange::status)
                .containsExactly(OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.RESERVED, OrderStatus.CONFIRMED);
        assertThat(order.history())
                .extracting(StatusChange::at)
                .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
    }

    @Test
    void aStepReachedTwiceChangesNothing() {
        Order paid = pending.advance(OrderStatus.PAID, T0.plusSeconds(1), null);

        assertThat(paid.advance(OrderStatus.PAID, T0.plusSeconds(9), null)).isSameAs(paid);
    }

    @Test
    void aLatePaymentDoesNotReviveACancelledOrder() {
        Order cancelled = pending.advance(OrderStatus.CANCELLED, T0.plusSeconds(2), "out of stock")
                .advance(OrderStatus.PAID, T0.plusSeconds(1), null);

        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.reason()).isEqualTo("out of stock");
        assertThat(cancelled.history())
                .extracting(StatusChange::status)
                .containsExactly(OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.CANCELLED);
        assertThat(cancelled.status().isFinal()).isTrue();
    }
}

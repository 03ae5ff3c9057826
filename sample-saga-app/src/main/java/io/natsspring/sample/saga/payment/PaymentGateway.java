package io.natsspring.sample.saga.payment;

import java.math.BigDecimal;

/**
 * The payment provider. Both calls take the order id as the provider's idempotency key, so a call repeated after a
 * crash does not move money twice. A thrown exception is a transient failure: the event is redelivered.
 */
public interface PaymentGateway {

    ChargeResult charge(String orderId, String customerId, BigDecimal amount);

    void refund(String orderId, BigDecimal amount);
}

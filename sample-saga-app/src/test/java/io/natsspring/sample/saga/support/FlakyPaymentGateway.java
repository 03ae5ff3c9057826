package io.natsspring.sample.saga.support;

import io.natsspring.sample.saga.payment.ChargeResult;
import io.natsspring.sample.saga.payment.PaymentGateway;
import io.natsspring.sample.saga.payment.PaymentProperties;
import io.natsspring.sample.saga.payment.SimulatedPaymentGateway;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated provider, except that it times out on the first charge of every order of a customer whose id starts
 * with {@code flaky-}, and on every charge for customers whose id starts with {@code broken-}; it counts charges and
 * refunds per order.
 */
public class FlakyPaymentGateway implements PaymentGateway {

    private final SimulatedPaymentGateway delegate;
    private final Map<String, AtomicInteger> chargeAttempts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refunds = new ConcurrentHashMap<>();

    public FlakyPaymentGateway(PaymentProperties properties) {
        this.delegate = new SimulatedPaymentGateway(properties);
    }

    @Override
    public ChargeResult charge(String orderId, String customerId, BigDecimal amount) {
        int attempt = chargeAttempts
                .computeIfAbsent(orderId, id -> new AtomicInteger())
                .incrementAndGet();
        if ((customerId.startsWith("flaky-") && attempt == 1) || customerId.startsWith("broken-")) {
            throw new IllegalStateException("simulated payment provider timeout");
        }
        return delegate.charge(orderId, customerId, amount);
    }

    @Override
    public void refund(String orderId, BigDecimal amount) {
        refunds.computeIfAbsent(orderId, id -> new AtomicInteger()).incrementAndGet();
        delegate.refund(orderId, amount);
    }

    public int chargeAttempts(String orderId) {
        AtomicInteger n = chargeAttempts.get(orderId);
        return n == null ? 0 : n.get();
    }

    public int refunds(String orderId) {
        AtomicInteger n = refunds.get(orderId);
        return n == null ? 0 : n.get();
    }
}

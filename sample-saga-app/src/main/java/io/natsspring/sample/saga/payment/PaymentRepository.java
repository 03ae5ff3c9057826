package io.natsspring.sample.saga.payment;

import io.nats.client.KeyValue;
import io.natsspring.sample.saga.kv.JsonBucket;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Payments in the Key-Value bucket {@code payments}, keyed by order id. */
@Repository
public class PaymentRepository {

    /** Name of the bucket, declared in {@code application.yml}. */
    public static final String BUCKET = "payments";

    private final JsonBucket<Payment> payments;

    public PaymentRepository(@Qualifier(BUCKET) KeyValue bucket, JsonMapper json) {
        this.payments = new JsonBucket<>(bucket, json, Payment.class);
    }

    public Optional<Payment> find(String orderId) {
        return payments.find(orderId);
    }

    /** Stores the payment unless the order has one already; returns the one stored. */
    public Payment createOrGet(Payment payment) {
        if (payments.create(payment.orderId(), payment)) {
            return payment;
        }
        return payments.find(payment.orderId()).orElseThrow();
    }

    public Optional<Payment> update(String orderId, UnaryOperator<Payment> change) {
        return payments.update(orderId, change);
    }
}

package io.natsspring.sample.saga.payment;

import io.natsspring.kv.core.KeyValueKeyExistsException;
import io.natsspring.kv.core.KeyValueKeyNotFoundException;
import io.natsspring.kv.core.KeyValueOperations;
import io.natsspring.kv.core.KeyValueTemplates;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;

/** Payments in the Key-Value bucket {@code payments}, keyed by order id. */
@Repository
public class PaymentRepository {

    /** Name of the bucket, declared in {@code application.yml}. */
    public static final String BUCKET = "payments";

    private final KeyValueOperations<Payment> payments;

    /** The repository of the bucket, values read and written as JSON by the application's converter. */
    @Autowired
    public PaymentRepository(KeyValueTemplates templates) {
        this(templates.forBucket(BUCKET, Payment.class));
    }

    /** The repository over {@code payments} (tests). */
    protected PaymentRepository(KeyValueOperations<Payment> payments) {
        this.payments = payments;
    }

    public Optional<Payment> find(String orderId) {
        return payments.get(orderId);
    }

    /** Stores the payment unless the order has one already; returns the one stored. */
    public Payment createOrGet(Payment payment) {
        try {
            payments.create(payment.orderId(), payment);
            return payment;
        } catch (KeyValueKeyExistsException exists) {
            return payments.get(payment.orderId()).orElseThrow();
        }
    }

    public Optional<Payment> update(String orderId, UnaryOperator<Payment> change) {
        try {
            return Optional.of(payments.update(orderId, change)); // compare-and-set, retried on conflicts
        } catch (KeyValueKeyNotFoundException absent) {
            return Optional.empty();
        }
    }
}

package io.natsspring.sample.saga.inventory;

import io.natsspring.kv.core.KeyValueKeyExistsException;
import io.natsspring.kv.core.KeyValueOperations;
import io.natsspring.kv.core.KeyValueTemplates;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;

/** Reservation outcomes in the Key-Value bucket {@code reservations}, keyed by order id. */
@Repository
public class ReservationRepository {

    /** Name of the bucket, declared in {@code application.yml}. */
    public static final String BUCKET = "reservations";

    private final KeyValueOperations<Reservation> reservations;

    /** The repository of the bucket, values read and written as JSON by the application's converter. */
    @Autowired
    public ReservationRepository(KeyValueTemplates templates) {
        this(templates.forBucket(BUCKET, Reservation.class));
    }

    /** The repository over {@code reservations} (tests). */
    protected ReservationRepository(KeyValueOperations<Reservation> reservations) {
        this.reservations = reservations;
    }

    public Optional<Reservation> find(String orderId) {
        return reservations.get(orderId);
    }

    /** Records the outcome unless one is recorded already; returns the one recorded. */
    public Reservation createOrGet(Reservation reservation) {
        try {
            reservations.create(reservation.orderId(), reservation);
            return reservation;
        } catch (KeyValueKeyExistsException exists) {
            return reservations.get(reservation.orderId()).orElseThrow();
        }
    }
}

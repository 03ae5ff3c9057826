package io.natsspring.sample.saga.inventory;

import io.nats.client.KeyValue;
import io.natsspring.sample.saga.kv.JsonBucket;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Reservation outcomes in the Key-Value bucket {@code reservations}, keyed by order id. */
@Repository
public class ReservationRepository {

    /** Name of the bucket, declared in {@code application.yml}. */
    public static final String BUCKET = "reservations";

    private final JsonBucket<Reservation> reservations;

    public ReservationRepository(@Qualifier(BUCKET) KeyValue bucket, JsonMapper json) {
        this.reservations = new JsonBucket<>(bucket, json, Reservation.class);
    }

    public Optional<Reservation> find(String orderId) {
        return reservations.find(orderId);
    }

    /** Records the outcome unless one is recorded already; returns the one recorded. */
    public Reservation createOrGet(Reservation reservation) {
        if (reservations.create(reservation.orderId(), reservation)) {
            return reservation;
        }
        return reservations.find(reservation.orderId()).orElseThrow();
    }
}

package io.natsspring.boot.autoconfigure.jetstream;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One comparable field of a JetStream configuration: how to read it from a configuration and write it into a
 * builder. A field counts as declared when its value differs from the value of a blank configuration.
 *
 * @param <C> configuration type
 * @param <B> builder type
 * @param <T> field type
 */
record ConfigField<C, B, T>(String name, Function<C, T> getter, BiConsumer<B, T> setter) {

    /** Whether {@code desired} sets this field (differs from the blank configuration) and {@code current} differs. */
    boolean differs(C blank, C desired, C current) {
        T wanted = getter.apply(desired);
        return !Objects.equals(normalize(wanted), normalize(getter.apply(blank)))
                && !Objects.equals(normalize(wanted), normalize(getter.apply(current)));
    }

    /** {@code name: current -> desired}, for messages. */
    String describe(C desired, C current) {
        return name + ": " + getter.apply(current) + " -> " + getter.apply(desired);
    }

    void copy(C desired, B builder) {
        setter.accept(builder, getter.apply(desired));
    }

    private static Object normalize(Object value) {
        // Subject lists compare as sets: the server may reorder them.
        if (value instanceof java.util.List<?> list) {
            return new java.util.HashSet<>(list);
        }
        // jnats' Placement has no equals: compare cluster and tags (as a set); an empty placement is none.
        if (value instanceof io.nats.client.api.Placement placement) {
            if (!placement.hasData()) {
                return null;
            }
            return java.util.Arrays.asList(
                    placement.getCluster(),
                    placement.getTags() == null ? java.util.Set.of() : new java.util.HashSet<>(placement.getTags()));
        }
        return value;
    }
}

package io.natsspring.boot.testsupport;

/** Finds an exception in a startup failure's cause chain (declarations fail inside the creation of a bean). */
public final class Causes {

    private Causes() {}

    /** The first exception of {@code type} in the cause chain of {@code failure}, or {@code null}. */
    public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}

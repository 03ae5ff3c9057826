package io.natsspring.broker.internal.store;

/**
 * One page of a {@link SequenceIndex}: per slot a subject reference (4 bytes with compressed references), a
 * timestamp and a location packed to about 4 bytes each ({@link PackedLongColumn}), a size in 2 bytes
 * ({@link PackedIntColumn}), and optionally an object reference.
 */
final class IndexPage {

    final SubjectSequences[] subjects;
    final PackedLongColumn timestamps;
    final PackedIntColumn sizes;
    /** {@code null} unless the index holds locations. */
    final PackedLongColumn locations;
    /** {@code null} unless the index holds objects. */
    final Object[] objects;

    IndexPage(int capacity, boolean withLocations, boolean withObjects) {
        subjects = new SubjectSequences[capacity];
        timestamps = new PackedLongColumn(capacity);
        sizes = new PackedIntColumn(capacity);
        locations = withLocations ? new PackedLongColumn(capacity) : null;
        objects = withObjects ? new Object[capacity] : null;
    }

    int capacity() {
        return subjects.length;
    }

    /** Writes slot {@code i}, the next after the last written one (or 0). */
    void append(int i, SubjectSequences subject, long ts, int size, long location, Object object) {
        subjects[i] = subject;
        timestamps.append(i, ts);
        sizes.append(i, size);
        if (locations != null) {
            locations.append(i, location);
        }
        if (objects != null) {
            objects[i] = object;
        }
    }

    /** Copies slot {@code from} of {@code source} into slot {@code i} of this page, appending. */
    void appendFrom(int i, IndexPage source, int from) {
        append(
                i,
                source.subjects[from],
                source.timestamps.get(from),
                source.sizes.get(from),
                locations == null ? 0 : source.locations.get(from),
                objects == null ? null : source.objects[from]);
    }
}

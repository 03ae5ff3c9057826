package io.natsspring.broker.internal.store;

/**
 * Walks the records of a block file image, verifying each checksum. Damaged bytes are skipped by searching for
 * the next offset where a valid record starts; the caller learns where the trailing run of valid records ends,
 * so a torn tail can be cut off.
 */
final class BlockScanner {

    /** Receives each valid record; {@code off} indexes the scanned image. */
    interface Visitor {
        void record(byte[] image, int off);
    }

    /** What a scan found. */
    record Result(int validEnd, int damagedBytes, int damagedRegions) {}

    private BlockScanner() {}

    static Result scan(byte[] image, int len, Visitor visitor) {
        int pos = 0;
        int damaged = 0;
        int regions = 0;
        int validEnd = 0;
        while (pos < len) {
            if (BlockRecord.valid(image, pos, len - pos)) {
                visitor.record(image, pos);
                pos += BlockRecord.length(image, pos);
                validEnd = pos;
                continue;
            }
            int next = nextValid(image, pos + 1, len);
            if (next < 0) {
                return new Result(validEnd, damaged + (len - pos), regions + 1);
            }
            damaged += next - pos;
            regions++;
            pos = next;
        }
        return new Result(validEnd, damaged, regions);
    }

    private static int nextValid(byte[] image, int from, int len) {
        for (int p = from; p + BlockRecord.FRAMING <= len; p++) {
            if (BlockRecord.valid(image, p, len - p)) {
                return p;
            }
        }
        return -1;
    }
}

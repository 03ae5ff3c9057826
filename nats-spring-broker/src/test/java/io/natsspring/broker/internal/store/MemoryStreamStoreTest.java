package io.natsspring.broker.internal.store;

class MemoryStreamStoreTest extends StreamStoreConformanceTest {

    @Override
    protected StreamStore create(StoreLimits limits) {
        StreamStore s = new MemoryStreamStore(limits);
        opened.add(s);
        return s;
    }

    @Override
    protected StreamStore restart(StreamStore store) {
        return store;
    }
}

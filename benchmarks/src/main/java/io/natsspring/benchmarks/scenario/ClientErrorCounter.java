package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects what jnats reports as going wrong on the bench's connections (server -ERR, exceptions, slow consumers,
 * discarded messages). Any of these during a run is a correctness violation.
 */
final class ClientErrorCounter implements ErrorListener {

    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

    @Override
    public void errorOccurred(Connection conn, String error) {
        problems.add("server error: " + error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        problems.add("exception: " + exp);
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
        problems.add("slow consumer (client dropped messages)");
    }

    @Override
    public void messageDiscarded(Connection conn, Message msg) {
        problems.add("message discarded by the client's outgoing queue");
    }

    /** The first problem seen, or null. */
    String first() {
        return problems.peek();
    }

    int count() {
        return problems.size();
    }
}

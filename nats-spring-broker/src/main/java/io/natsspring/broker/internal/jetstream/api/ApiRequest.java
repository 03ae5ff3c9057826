package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.client.ClientConnection;

/**
 * One JetStream API request, copied off the publisher's buffer.
 *
 * @param reply   where the answer goes, or {@code null}
 * @param headers raw header block or {@code null}
 * @param body    request payload, possibly empty
 * @param client  the connection that sent it, or {@code null} (the broker itself, a leaf link); the advisories'
 *                {@code client} block describes it
 */
record ApiRequest(String subject, String reply, byte[] headers, byte[] body, ClientConnection client) {

    /** A request the broker sent itself. */
    ApiRequest(String subject, String reply, byte[] headers, byte[] body) {
        this(subject, reply, headers, body, null);
    }

    /** The subject's tokens from index {@code from} on, joined by dots (e.g. a stream name at index 4). */
    public String tokensFrom(int from) {
        int idx = 0;
        for (int i = 0; i < from; i++) {
            idx = subject.indexOf('.', idx);
            if (idx < 0) {
                return "";
            }
            idx++;
        }
        return subject.substring(idx);
    }

    /** The single token at {@code index}. */
    public String token(int index) {
        String rest = tokensFrom(index);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}

package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.InternalClient;
import io.natsspring.broker.internal.client.RemoteLink;

/**
 * One JetStream API request, copied off the publisher's buffer.
 *
 * @param reply   where the answer goes, or {@code null}
 * @param headers raw header block or {@code null}
 * @param body    request payload, possibly empty
 * @param client   the connection that sent it, or {@code null} (the broker itself, a leaf link); the advisories'
 *                 {@code client} block describes it
 * @param link     the leaf link it came over, or {@code null}
 * @param internal the broker's own sender (e.g. a source's stream), or {@code null}
 */
record ApiRequest(
        String subject,
        String reply,
        byte[] headers,
        byte[] body,
        ClientConnection client,
        RemoteLink link,
        InternalClient internal) {

    /** A request the broker sent itself. */
    ApiRequest(String subject, String reply, byte[] headers, byte[] body) {
        this(subject, reply, headers, body, null);
    }

    /** A request from {@code client} (or the broker, when {@code null}). */
    ApiRequest(String subject, String reply, byte[] headers, byte[] body, ClientConnection client) {
        this(subject, reply, headers, body, client, null, null);
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

package io.natsspring.broker.internal.account;

import io.natsspring.broker.internal.client.ClientConnection;

/**
 * The accounts a service import links and the options that decide what it adds to a request: {@code share} (the
 * requester's details in {@code Nats-Request-Info}), whether the exporter is the system account (the server's name is
 * then added), and the export's {@code allow_trace} (message tracing goes on into the exporting account).
 */
record ServiceImportRoute(
        String importer,
        String exporter,
        boolean share,
        boolean systemExporter,
        boolean allowTrace,
        ServerIdentity server) {

    /**
     * The request's headers with {@code Nats-Request-Info} set as {@code nats-server} sets it: from the publishing
     * client on the first import ({@code previous} {@code null}), from the header the previous import set when
     * imports are chained. Unchanged when there is nothing to describe (an internal publisher).
     */
    byte[] withRequestInfo(byte[] headers, ClientConnection publisher, String reply, ServiceImportRoute previous) {
        String json = null;
        String before = previous == null ? null : RequestInfo.find(headers);
        if (before != null) {
            json = RequestInfo.chained(before, importer, !previous.share() && (share || systemExporter), server.name());
        } else if (publisher != null) {
            // the first import decides whether the requester's details are shared, also further down a chain
            boolean shared = previous == null ? share : previous.share();
            json = RequestInfo.of(publisher, shared, !shared && systemExporter, server.name(), reply);
        }
        return json == null ? headers : RequestInfo.put(headers, RequestInfo.HEADER, json);
    }
}

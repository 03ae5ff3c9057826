package io.natsspring.broker.internal.client;

/**
 * Parses a typical client CONNECT once, off the hot path, so the first client's CONNECT does not pay for loading
 * and initialising the JSON classes (see {@code launcher.JsonWarmUp}). Changes nothing a client can see.
 */
public final class ClientJsonWarmUp {

    private static final String CONNECT = "{\"verbose\":false,\"pedantic\":false,\"tls_required\":false,"
            + "\"name\":\"warm-up\",\"lang\":\"java\",\"version\":\"2.26.0\",\"protocol\":1,\"echo\":true,"
            + "\"headers\":true,\"no_responders\":true}";

    private ClientJsonWarmUp() {}

    /** Parses and checks {@link #CONNECT} as a client's would be. */
    public static void run() {
        ConnectRequest.parse(CONNECT);
        ClientJson.isObjectOrNull("{}");
    }
}

package io.natsspring.broker.internal.tls;

/** TLS material that can not be used: a missing or unreadable file, bad PEM, an unknown cipher suite. */
public final class TlsSetupException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The TLS setting at fault ({@code cert_file}, {@code key_file}, {@code ca_file}, ...). */
    private final String key;

    public TlsSetupException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The TLS setting at fault, as named in a {@code tls} block. */
    public String key() {
        return key;
    }
}

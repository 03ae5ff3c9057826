package io.natsspring.broker.internal.server;

import io.natsspring.broker.internal.account.AccountSpec;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.tls.ClientTls;
import java.util.List;
import java.util.Objects;

/**
 * What a configuration reload hands a running server, everything already built and checked: the new settings
 * (limits, {@code max_connections}; the address, name and JetStream part must be those it runs with), the new
 * authenticator, the accounts and the TLS of the client port ({@code null}: plain text).
 */
public record ServerReload(
        ServerSettings settings, Authenticator authenticator, List<AccountSpec> accounts, ClientTls tls) {

    public ServerReload {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(authenticator, "authenticator");
        accounts = List.copyOf(accounts);
    }
}

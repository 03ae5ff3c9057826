package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.auth.Permissions;

/**
 * What a connection's accepted CONNECT decided: protocol options, client identity, the authenticated user and
 * the permissions to enforce. Immutable; a connection swaps in a new one when its CONNECT is accepted.
 */
record ClientSettings(
        boolean connected,
        boolean verbose,
        boolean pedantic,
        boolean echo,
        boolean headers,
        boolean noResponders,
        String name,
        String lang,
        String version,
        String user,
        Permissions permissions) {

    /** Before CONNECT: not connected, echo on, no headers, no restrictions. */
    static final ClientSettings INITIAL =
            new ClientSettings(false, false, false, true, false, false, null, null, null, null, Permissions.ALLOW_ALL);

    /** The settings of an accepted CONNECT, as {@code user} with {@code permissions}. */
    static ClientSettings accepted(ConnectRequest req, String user, Permissions permissions) {
        return new ClientSettings(
                true,
                req.verbose(),
                req.pedantic(),
                req.echo(),
                req.headers(),
                req.noResponders(),
                req.name(),
                req.lang(),
                req.version(),
                user,
                permissions);
    }

    /** These settings with the permissions a configuration reload gave the user. */
    ClientSettings withPermissions(Permissions reloaded) {
        return new ClientSettings(
                connected, verbose, pedantic, echo, headers, noResponders, name, lang, version, user, reloaded);
    }
}

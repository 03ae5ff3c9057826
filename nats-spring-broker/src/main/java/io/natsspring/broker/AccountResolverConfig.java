package io.natsspring.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The account resolver of operator mode: an HTTP account server ({@link Type#URL}) or a directory resolver, as {@code nats-server}'s {@code resolver: { type: full|cache, dir,
 * allow_delete, hard_delete, interval, timeout, limit, ttl }}: account JWTs are kept as files
 * {@code <dir>/<account public key>.jwt}, read at start, written by {@code resolver_preload} and by claims pushes
 * ({@code $SYS.REQ.CLAIMS.UPDATE}). {@link Type#FULL} holds every account (at most {@code limit}, 0 unlimited; an
 * update beyond it is refused) and answers lookups, lists and, with {@code allowDelete}, deletes; {@link Type#CACHE}
 * only updates accounts it already holds and evicts the least recently used beyond {@code limit} (0: 1,000).
 *
 * @param type        full or cache
 * @param dir         the directory (created when missing)
 * @param allowDelete {@code $SYS.REQ.CLAIMS.DELETE} is accepted (full only)
 * @param hardDelete  deleted JWT files are removed; else renamed to {@code <key>.jwt.deleted}
 * @param interval    {@code interval}: the sync interval between servers (kept for the configuration; a single
 *                    broker has nobody to sync with); {@code null} for nats-server's default (1 minute)
 * @param timeout     {@code timeout}: how long a lookup from other servers may take; {@code null} for the default
 * @param limit       the most account JWTs kept (0: the type's default)
 * @param ttl         cache only: how long a cached JWT is kept ({@code null}: until evicted)
 * @param url         {@link Type#URL} only: the account server's base URL ({@code resolver: URL("…")}), ending
 *                    with {@code /}; an account's JWT is fetched from {@code <url><account public key>}
 * @param tls         {@link Type#URL} only: {@code resolver_tls}, the TLS of {@code https} fetches ({@code null}: the
 *                    JVM's default trust store)
 */
public record AccountResolverConfig(
        Type type,
        Path dir,
        boolean allowDelete,
        boolean hardDelete,
        Duration interval,
        Duration timeout,
        long limit,
        Duration ttl,
        java.net.URI url,
        ResolverTlsConfig tls) {

    /** The directory resolver kinds. */
    public enum Type {
        /** {@code type: full}: every account of the operator, kept in the directory. */
        FULL,
        /** {@code type: cache}: a bounded cache of accounts looked up. */
        CACHE,
        /**
         * {@code resolver: URL("http://…/jwt/v1/accounts/")}: an HTTP account server; each account's JWT is
         * fetched the first time it is needed and then kept (no directory; pushes apply as with {@code MEMORY}).
         */
        URL
    }

    /** Without {@code resolver_tls}. */
    public AccountResolverConfig(
            Type type,
            Path dir,
            boolean allowDelete,
            boolean hardDelete,
            Duration interval,
            Duration timeout,
            long limit,
            Duration ttl,
            java.net.URI url) {
        this(type, dir, allowDelete, hardDelete, interval, timeout, limit, ttl, url, null);
    }

    /** A directory resolver (no URL). */
    public AccountResolverConfig(
            Type type,
            Path dir,
            boolean allowDelete,
            boolean hardDelete,
            Duration interval,
            Duration timeout,
            long limit,
            Duration ttl) {
        this(type, dir, allowDelete, hardDelete, interval, timeout, limit, ttl, null, null);
    }

    public AccountResolverConfig {
        Objects.requireNonNull(type, "type");
        if (type == Type.URL) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("the account resolver URL must be http or https: " + url);
            }
            if (!url.toString().endsWith("/")) {
                url = java.net.URI.create(url + "/");
            }
        } else {
            Objects.requireNonNull(dir, "dir");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("resolver limit must not be negative: " + limit);
        }
    }

    /** A full resolver in {@code dir} with nats-server's defaults (no deletes, no limit). */
    public static AccountResolverConfig full(Path dir) {
        return new AccountResolverConfig(Type.FULL, dir, false, false, null, null, 0, null);
    }

    /**
     * An account server resolver as {@code resolver: URL("…")}: a {@code /} is appended to {@code url} when it
     * has none, as nats-server does.
     */
    public static AccountResolverConfig url(java.net.URI url) {
        return new AccountResolverConfig(Type.URL, null, false, false, null, null, 0, null, url);
    }

    /** This resolver with {@code resolver_tls} (used by {@link Type#URL} only). */
    public AccountResolverConfig withTls(ResolverTlsConfig tls) {
        return new AccountResolverConfig(type, dir, allowDelete, hardDelete, interval, timeout, limit, ttl, url, tls);
    }

    /** The most JWTs kept: {@code limit}, else unlimited for full and 1,000 for cache, as nats-server. */
    public long effectiveLimit() {
        if (limit > 0) {
            return limit;
        }
        return type == Type.CACHE ? 1_000 : Long.MAX_VALUE;
    }
}

package io.natsspring.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A directory account resolver of operator mode, as {@code nats-server}'s {@code resolver: { type: full|cache, dir,
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
 */
public record AccountResolverConfig(
        Type type,
        Path dir,
        boolean allowDelete,
        boolean hardDelete,
        Duration interval,
        Duration timeout,
        long limit,
        Duration ttl) {

    /** The directory resolver kinds. */
    public enum Type {
        /** {@code type: full}: every account of the operator, kept in the directory. */
        FULL,
        /** {@code type: cache}: a bounded cache of accounts looked up. */
        CACHE
    }

    public AccountResolverConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dir, "dir");
        if (limit < 0) {
            throw new IllegalArgumentException("resolver limit must not be negative: " + limit);
        }
    }

    /** A full resolver in {@code dir} with nats-server's defaults (no deletes, no limit). */
    public static AccountResolverConfig full(Path dir) {
        return new AccountResolverConfig(Type.FULL, dir, false, false, null, null, 0, null);
    }

    /** The most JWTs kept: {@code limit}, else unlimited for full and 1,000 for cache, as nats-server. */
    public long effectiveLimit() {
        if (limit > 0) {
            return limit;
        }
        return type == Type.CACHE ? 1_000 : Long.MAX_VALUE;
    }
}

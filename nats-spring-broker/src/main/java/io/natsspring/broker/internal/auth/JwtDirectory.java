package io.natsspring.broker.internal.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account JWTs of a directory resolver, as {@code nats-server}'s {@code DirJWTStore} keeps them: one file
 * {@code <dir>/<account public key>.jwt} per account (not sharded), read when opened, each write atomic (a temporary
 * file moved over the old one, so a crash leaves the old or the new JWT, never a torn one). A full store refuses
 * a new account beyond its limit ({@code jwt store is full}); a cache evicts the least recently used one.
 * Deleting renames the file to {@code <key>.jwt.deleted}, or removes it ({@code hard_delete}). Files that are not
 * an account's JWT (a name that is no account key, an empty or unreadable file) are left alone and listed by
 * {@link #problems()}. Thread-safe; the JWTs are also held in memory (they are small).
 */
public final class JwtDirectory {

    /** The file name extension of a stored JWT. */
    public static final String EXTENSION = ".jwt";

    private final Path dir;
    private final boolean evict;
    private final long limit;
    private final boolean hardDelete;
    /** Key → JWT, in access order (least recently used first). */
    private final LinkedHashMap<String, String> jwts = new LinkedHashMap<>(16, 0.75f, true);

    private final List<String> problems = new ArrayList<>();

    /**
     * Opens (creating when missing) the directory and reads the JWTs in it.
     *
     * @param evict      evict the least recently used JWT at the limit (cache) instead of refusing (full)
     * @param limit      the most JWTs kept ({@link Long#MAX_VALUE} unlimited)
     * @param hardDelete remove deleted files instead of renaming them
     * @throws UncheckedIOException naming the directory when it can not be created or read
     */
    public JwtDirectory(Path dir, boolean evict, long limit, boolean hardDelete) {
        this.dir = dir.toAbsolutePath().normalize();
        this.evict = evict;
        this.limit = limit <= 0 ? Long.MAX_VALUE : limit;
        this.hardDelete = hardDelete;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("resolver dir " + this.dir + " can not be created: " + e.getMessage(), e);
        }
        if (!Files.isDirectory(this.dir)) {
            throw new UncheckedIOException(
                    new IOException("resolver dir " + this.dir + " needs to point to an accessible directory"));
        }
        read();
    }

    private void read() {
        // sorted by key, as nats-server walks the directory in lexical order
        Map<String, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + EXTENSION)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String key = name.substring(0, name.length() - EXTENSION.length());
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                if (!NKeyVerifier.isValidPublicKey(key, 'A')) {
                    problems.add(p + ": the file name is not an account public key; ignored");
                    continue;
                }
                files.put(key, p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("resolver dir " + dir + " can not be read: " + e.getMessage(), e);
        }
        for (Map.Entry<String, Path> f : files.entrySet()) {
            try {
                String jwt =
                        Files.readString(f.getValue(), StandardCharsets.UTF_8).strip();
                if (jwt.isEmpty()) {
                    problems.add(f.getValue() + ": empty; ignored");
                    continue;
                }
                jwts.put(f.getKey(), jwt);
            } catch (IOException | RuntimeException e) {
                problems.add(f.getValue() + ": can not be read (" + e.getMessage() + "); ignored");
            }
        }
    }

    /**
     * Reads the directory again (a configuration reload, as nats-server's {@code DirJWTStore.Reload}): the JWTs
     * are those of the files now; the unusable files are listed again by {@link #problems()}.
     *
     * @throws UncheckedIOException naming the directory when it can not be read
     */
    public synchronized void reread() {
        jwts.clear();
        problems.clear();
        read();
    }

    /** The directory (absolute). */
    public Path dir() {
        return dir;
    }

    /** The files found unusable when the directory was read, each naming the file and why. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** The JWT stored for {@code key}, {@code null} when none (marks it recently used). */
    public synchronized String get(String key) {
        return jwts.get(key);
    }

    /** Every stored JWT by account key, in key order (does not change the use order). */
    public synchronized Map<String, String> all() {
        return new TreeMap<>(jwts);
    }

    /** The stored account keys, sorted. */
    public synchronized List<String> keys() {
        return new ArrayList<>(new TreeMap<>(jwts).keySet());
    }

    /** How many JWTs are stored. */
    public synchronized int size() {
        return jwts.size();
    }

    /**
     * Stores {@code jwt} for {@code key} (an update of a claims push).
     *
     * @return {@code true} when it changed the store, {@code false} when the same JWT was already there
     * @throws IllegalArgumentException for a key that is no account public key or an empty JWT
     * @throws IllegalStateException    {@code jwt store is full} for a new key at the limit of a full store
     * @throws UncheckedIOException     when the file can not be written
     */
    public synchronized boolean save(String key, String jwt) {
        if (!NKeyVerifier.isValidPublicKey(key, 'A')) {
            throw new IllegalArgumentException("invalid public key");
        }
        if (jwt == null || jwt.isEmpty()) {
            throw new IllegalArgumentException("invalid JWT");
        }
        String old = jwts.get(key);
        if (jwt.equals(old)) {
            return false;
        }
        if (old == null && jwts.size() >= limit) {
            if (!evict) {
                throw new IllegalStateException("jwt store is full");
            }
            String eldest = jwts.keySet().iterator().next();
            try {
                Files.deleteIfExists(file(eldest));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            jwts.remove(eldest);
        }
        write(key, jwt);
        jwts.put(key, jwt);
        return true;
    }

    /**
     * Stores {@code jwt} unless the stored one is the same JWT ({@code jti}) or was issued later, as {@code
     * nats-server} stores {@code resolver_preload} entries into its directory.
     *
     * @return {@code true} when it changed the store
     */
    public synchronized boolean saveIfNewer(String key, String jwt) {
        String old = jwts.get(key);
        if (old != null) {
            long[] oldIat = new long[1];
            String oldId = idAndIssue(old, oldIat);
            long[] newIat = new long[1];
            String newId = idAndIssue(jwt, newIat);
            if (oldId != null && newId != null && (oldId.equals(newId) || oldIat[0] > newIat[0])) {
                return false;
            }
        }
        return save(key, jwt);
    }

    private static String idAndIssue(String jwt, long[] iat) {
        try {
            String[] parts = jwt.split("\\.", -1);
            var claims = tools.jackson.databind.json.JsonMapper.builder()
                    .build()
                    .readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
            iat[0] = claims.path("iat").asLong(0);
            return claims.path("jti").asString("");
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Deletes the JWT of {@code key}: its file renamed to {@code <key>.jwt.deleted}, or removed with
     * {@code hard_delete}. Deleting a key that is not stored does nothing.
     *
     * @throws UncheckedIOException when the file can not be renamed or removed
     */
    public synchronized void delete(String key) {
        Path f = file(key);
        try {
            if (hardDelete) {
                Files.deleteIfExists(f);
            } else {
                Files.move(f, f.resolveSibling(f.getFileName() + ".deleted"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (NoSuchFileException gone) {
            // nothing to delete
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jwts.remove(key);
    }

    /** The file of {@code key}. */
    public Path file(String key) {
        return dir.resolve(key + EXTENSION);
    }

    /** Writes {@code jwt} to a temporary file, forces it to disk and moves it over the key's file. */
    private void write(String key, String jwt) {
        Path target = file(key);
        Path tmp = dir.resolve("." + key + EXTENSION + ".tmp");
        try {
            try (var ch = java.nio.channels.FileChannel.open(
                    tmp,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(jwt.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary file stays; it is not read as a JWT
            }
            throw new UncheckedIOException("can not write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The XOR of the SHA-256 of every stored JWT, as {@code nats-server} compares the content of two stores
     * ({@code $SYS.REQ.CLAIMS.PACK}).
     */
    public synchronized byte[] hash() {
        byte[] out = new byte[32];
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String jwt : jwts.values()) {
                byte[] h = sha.digest(jwt.getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < out.length; i++) {
                    out[i] ^= h[i];
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Every stored JWT as {@code key|jwt} lines, as a pack message carries them. */
    public synchronized List<String> pack() {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(jwts).forEach((k, v) -> lines.add(k + "|" + v));
        return lines;
    }
}

package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The {@code stream.json} file in a file stream's directory: its configuration and creation time, written
 * atomically (temp file, fsync, rename) so a restart finds either the old or the new version.
 */
public final class StreamMetaFile {

    /** File name inside the stream directory. */
    public static final String NAME = "stream.json";

    /** What the file holds. */
    public record Meta(StreamConfig config, long createdNanos) {
    }

    private StreamMetaFile() {
    }

    public static void write(Path streamDir, StreamConfig config, long createdNanos) throws IOException {
        Files.createDirectories(streamDir);
        ObjectNode o = ApiJson.object();
        o.set("config", StreamConfigJson.encode(config));
        o.put("created", ApiTime.format(createdNanos));
        byte[] bytes = ApiJson.bytes(o);
        Path tmp = streamDir.resolve(NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, streamDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads the file; throws when it is missing or unreadable. */
    public static Meta read(Path streamDir) throws IOException {
        byte[] bytes = Files.readAllBytes(streamDir.resolve(NAME));
        ObjectNode o = ApiJson.parseObject(bytes);
        StreamConfig config = StreamConfigJson.decode(o.get("config"));
        long created = ApiTime.parse(ApiJson.text(o, "created"));
        return new Meta(config, created);
    }
}

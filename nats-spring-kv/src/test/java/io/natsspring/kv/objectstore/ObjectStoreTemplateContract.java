package io.natsspring.kv.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.ObjectStoreWatchOption;
import io.nats.client.api.StorageType;
import io.nats.client.impl.Headers;
import io.natsspring.kv.objectstore.resource.ObjectStoreProtocolResolver;
import io.natsspring.kv.objectstore.resource.ObjectStoreResource;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.WritableResource;

/** The template and the {@code nats-os://} resource against one server; subclasses supply the server. */
@Timeout(60)
abstract class ObjectStoreTemplateContract {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private ObjectStoreTemplates templates;
    private ObjectStoreTemplate template;
    private String bucket;

    /** An open connection to a JetStream-enabled server, owned by the subclass. */
    abstract Connection connection();

    @BeforeEach
    void createBucket() throws Exception {
        bucket = "files-" + BUCKETS.incrementAndGet();
        connection()
                .objectStoreManagement()
                .create(ObjectStoreConfiguration.builder(bucket)
                        .storageType(StorageType.Memory)
                        .build());
        templates = new ObjectStoreTemplates(connection());
        template = templates.forBucket(bucket);
    }

    @Test
    void roundTripsFiveMegabytesThroughBytesStreamsAndFiles(@TempDir Path dir) throws Exception {
        byte[] data = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(data);

        ObjectInfo stored = template.put("big.bin", data);

        assertThat(stored.getSize()).isEqualTo(data.length);
        assertThat(template.getBytes("big.bin")).isEqualTo(data);
        Path copy = dir.resolve("copy.bin");
        assertThat(template.get("big.bin", copy).getSize()).isEqualTo(data.length);
        assertThat(Files.readAllBytes(copy)).isEqualTo(data);
        try (InputStream in = Files.newInputStream(copy)) {
            template.put("again.bin", in);
        }
        assertThat(template.info("again.bin"))
                .get()
                .extracting(ObjectInfo::getDigest)
                .isEqualTo(stored.getDigest());
        template.put("from-file.bin", copy.toFile());
        assertThat(template.info("from-file.bin"))
                .get()
                .extracting(ObjectInfo::getSize)
                .isEqualTo((long) data.length);
    }

    @Test
    void storesDescriptionAndHeaders() {
        ObjectMeta meta = ObjectMeta.builder("docs/readme.txt")
                .description("the readme")
                .headers(new Headers().put("Content-Type", "text/plain"))
                .build();

        template.put(meta, new ByteArrayResource("hello".getBytes(StandardCharsets.UTF_8)));

        ObjectInfo info = template.info("docs/readme.txt").orElseThrow();
        assertThat(info.getDescription()).isEqualTo("the readme");
        assertThat(info.getHeaders().getFirst("Content-Type")).isEqualTo("text/plain");
        assertThat(template.getBytes("docs/readme.txt"))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("hello");

        template.updateMeta(
                "docs/readme.txt",
                ObjectMeta.builder("docs/README.txt").description("renamed").build());
        assertThat(template.info("docs/README.txt"))
                .get()
                .extracting(ObjectInfo::getDescription)
                .isEqualTo("renamed");
    }

    @Test
    void linksToObjectsAndBuckets() throws Exception {
        template.put("original.txt", "content".getBytes(StandardCharsets.UTF_8));
        String other = bucket + "-other";
        connection()
                .objectStoreManagement()
                .create(ObjectStoreConfiguration.builder(other)
                        .storageType(StorageType.Memory)
                        .build());

        ObjectInfo link = template.link("alias.txt", "original.txt");
        ObjectInfo bucketLink = template.linkBucket("other", other);

        assertThat(link.isLink()).isTrue();
        assertThat(template.getBytes("alias.txt"))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("content");
        assertThat(bucketLink.getLink().getBucket()).isEqualTo(other);
        assertThatThrownBy(() -> template.link("dangling", "missing.txt"))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("missing.txt")
                .hasMessageContaining(bucket);
        assertThatThrownBy(() -> template.linkBucket("nowhere", "no-such-bucket"))
                .isInstanceOf(ObjectStoreBucketNotFoundException.class)
                .hasMessageContaining("no-such-bucket");
    }

    @Test
    void listsAndDeletes() {
        template.put("a.txt", new byte[] {1});
        template.put("dir/b.txt", new byte[] {2});

        assertThat(template.list())
                .extracting(ObjectInfo::getObjectName)
                .containsExactlyInAnyOrder("a.txt", "dir/b.txt");

        assertThat(template.delete("a.txt").isDeleted()).isTrue();

        assertThat(template.list()).extracting(ObjectInfo::getObjectName).containsExactly("dir/b.txt");
        assertThat(template.info("a.txt")).isEmpty();
        assertThatThrownBy(() -> template.getBytes("a.txt"))
                .isInstanceOf(ObjectNotFoundException.class)
                .satisfies(e -> {
                    ObjectNotFoundException notFound = (ObjectNotFoundException) e;
                    assertThat(notFound.getBucket()).isEqualTo(bucket);
                    assertThat(notFound.getObjectName()).isEqualTo("a.txt");
                });
    }

    @Test
    void watchesChangesUntilClosed() {
        template.put("before.txt", new byte[] {1});
        List<String> seen = new CopyOnWriteArrayList<>();

        try (ObjectStoreWatch watch =
                template.watch(info -> seen.add(info.getObjectName() + (info.isDeleted() ? ":deleted" : "")))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("before.txt"));
            template.put("during.txt", new byte[] {2});
            template.delete("before.txt");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(seen).contains("during.txt", "before.txt:deleted"));
        }
        List<String> updatesOnly = new CopyOnWriteArrayList<>();
        try (ObjectStoreWatch watch =
                template.watch(info -> updatesOnly.add(info.getObjectName()), ObjectStoreWatchOption.UPDATES_ONLY)) {
            template.put("later.txt", new byte[] {3});
            await().atMost(Duration.ofSeconds(10)).until(() -> updatesOnly.contains("later.txt"));
        }
        assertThat(updatesOnly).doesNotContain("during.txt");
    }

    @Test
    void namesTheMissingBucket() {
        ObjectStoreTemplate missing = templates.forBucket("does-not-exist");

        assertThatThrownBy(() -> missing.getBytes("x.txt"))
                .isInstanceOf(ObjectStoreBucketNotFoundException.class)
                .hasMessageContaining("does-not-exist");
        assertThatThrownBy(() -> missing.watch(info -> {}))
                .isInstanceOf(ObjectStoreBucketNotFoundException.class)
                .hasMessageContaining("does-not-exist");
        assertThatThrownBy(() -> new ObjectStoreResource(missing, "x.txt").exists())
                .isInstanceOf(ObjectStoreBucketNotFoundException.class);
        assertThat(new ObjectStoreResource(missing, "x.txt").getDescription())
                .contains("nats-os://does-not-exist/x.txt");
    }

    @Test
    void resolvesReadsAndWritesNatsOsResources() throws Exception {
        DefaultResourceLoader loader = new DefaultResourceLoader();
        loader.addProtocolResolver(new ObjectStoreProtocolResolver(() -> templates));
        Resource resource = loader.getResource("nats-os://" + bucket + "/reports/2026/q1.txt");

        assertThat(resource).isInstanceOf(ObjectStoreResource.class);
        assertThat(resource.exists()).isFalse();
        assertThatThrownBy(resource::getInputStream).isInstanceOf(FileNotFoundException.class);

        try (OutputStream out = ((WritableResource) resource).getOutputStream()) {
            out.write("quarterly".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(resource.exists()).isTrue();
        assertThat(resource.contentLength()).isEqualTo(9);
        assertThat(resource.lastModified()).isPositive();
        assertThat(resource.getFilename()).isEqualTo("q1.txt");
        assertThat(resource.getContentAsString(StandardCharsets.UTF_8)).isEqualTo("quarterly");
        assertThat(template.getBytes("reports/2026/q1.txt"))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("quarterly");
        assertThat(resource.createRelative("q2.txt").getDescription()).contains(bucket + "/reports/2026/q2.txt");
        assertThatThrownBy(() -> loader.getResource("nats-os://" + bucket))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nats-os://<bucket>/<object name>");
    }
}

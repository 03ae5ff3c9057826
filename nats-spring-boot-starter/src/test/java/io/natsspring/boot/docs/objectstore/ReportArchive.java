package io.natsspring.boot.docs.objectstore;

// tag::snippet[]
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import io.natsspring.kv.objectstore.ObjectStoreOperations;
import io.natsspring.kv.objectstore.ObjectStoreTemplates;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.WritableResource;
import org.springframework.stereotype.Service;

@Service
public class ReportArchive {

    private final ObjectStoreOperations files;
    private final WritableResource latest;

    public ReportArchive(ObjectStoreTemplates templates,
            @Value("nats-os://files/reports/latest.txt") WritableResource latest) {
        this.files = templates.forBucket("files");
        this.latest = latest;
    }

    public ObjectInfo archive(String month, Path report) {
        ObjectMeta meta = ObjectMeta.builder("reports/" + month + ".pdf")
                .description("monthly report " + month)
                .build();
        return files.put(meta, report);
    }

    public void download(String month, Path target) {
        files.get("reports/" + month + ".pdf", target);
    }

    public List<String> names() {
        return files.list().stream().map(ObjectInfo::getObjectName).toList();
    }

    public void writeLatest(String text) throws IOException {
        try (OutputStream out = latest.getOutputStream()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    public String readLatest() throws IOException {
        return latest.exists() ? latest.getContentAsString(StandardCharsets.UTF_8) : "none yet";
    }
}
// end::snippet[]

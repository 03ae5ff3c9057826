package io.natsspring.benchmarks.footprint;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * The live objects of a JVM by class, as {@code jcmd <pid> GC.class_histogram} prints them (the JVM runs a full GC
 * first, so only reachable objects count): bytes and instances per class, and their total.
 */
public record ClassHistogram(Map<String, Entry> classes, long totalBytes) {

    /** One class's live instances and their shallow bytes. */
    public record Entry(String className, long instances, long bytes) {}

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern TOTAL = Pattern.compile("^\\s*Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    public ClassHistogram {
        classes = Map.copyOf(classes);
    }

    /** The histogram of this JVM now, through the {@code DiagnosticCommand} MBean (a full GC included). */
    public static ClassHistogram ofThisJvm() throws Exception {
        Object text = ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
        return parse((String) text);
    }

    /** Parses the text of {@code GC.class_histogram}; rows of the same class name (several loaders) are summed. */
    public static ClassHistogram parse(String text) {
        Map<String, Entry> classes = new LinkedHashMap<>();
        long total = -1;
        for (String line : text.split("\\R")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                String name = row.group(3);
                Entry e = new Entry(name, Long.parseLong(row.group(1)), Long.parseLong(row.group(2)));
                classes.merge(name, e, (a, b) -> new Entry(name, a.instances() + b.instances(), a.bytes() + b.bytes()));
                continue;
            }
            Matcher t = TOTAL.matcher(line);
            if (t.matches()) {
                total = Long.parseLong(t.group(2));
            }
        }
        if (total < 0) {
            total = classes.values().stream().mapToLong(Entry::bytes).sum();
        }
        return new ClassHistogram(classes, total);
    }

    /**
     * What {@code this} holds beyond {@code baseline}, per class, largest growth first; classes that shrank are
     * left out (the total still counts them).
     */
    public List<Entry> growthOver(ClassHistogram baseline) {
        List<Entry> grown = new ArrayList<>();
        for (Entry e : classes.values()) {
            Entry before = baseline.classes().get(e.className());
            long bytes = e.bytes() - (before == null ? 0 : before.bytes());
            long instances = e.instances() - (before == null ? 0 : before.instances());
            if (bytes > 0) {
                grown.add(new Entry(e.className(), instances, bytes));
            }
        }
        grown.sort(Comparator.comparingLong(Entry::bytes).reversed());
        return grown;
    }

    /** Bytes of the classes whose name starts with {@code prefix} (e.g. {@code io.netty.}). */
    public long bytesOf(String prefix) {
        return classes.values().stream()
                .filter(e -> e.className().startsWith(prefix))
                .mapToLong(Entry::bytes)
                .sum();
    }
}

package io.natsspring.broker.internal.account;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether a request through a service import is measured, as {@code nats-server}'s {@code shouldSample}:
 * always at 100 %, else by chance at the export's percentage, else when the request carries a tracing header that
 * asks for sampling (Jaeger {@code Uber-Trace-Id}, Zipkin {@code X-B3-*} or {@code B3}, W3C {@code Traceparent}).
 * The headers that decided it are reported with the measurement, keys in Go's canonical MIME form.
 */
final class LatencySampling {

    private LatencySampling() {}

    /**
     * {@code null} when the request is not measured; else the trace headers that triggered the measurement (empty
     * when the percentage did).
     */
    static Map<String, List<String>> sample(AccountSpec.Latency latency, byte[] headerBlock) {
        if (latency == null) {
            return null;
        }
        int sampling = latency.headers() ? 0 : latency.sampling();
        if (sampling >= 100) {
            return Map.of();
        }
        if (sampling > 0 && ThreadLocalRandom.current().nextInt(100) <= sampling) {
            return Map.of();
        }
        Map<String, List<String>> h = parse(headerBlock);
        if (h.isEmpty()) {
            return null;
        }
        List<String> uber = h.get("Uber-Trace-Id");
        if (uber != null) {
            String[] tk = uber.get(0).split(":", -1);
            if (tk.length == 4 && !tk[3].isEmpty() && tk[3].length() <= 2 && hexOdd(tk[3])) {
                Map<String, List<String>> r = new TreeMap<>();
                r.put("Uber-Trace-Id", uber);
                h.forEach((k, v) -> {
                    if (k.startsWith("Uberctx-")) {
                        r.put(k, v);
                    }
                });
                return r;
            }
            return null;
        }
        List<String> sampled = h.get("X-B3-Sampled");
        if (sampled != null && sampled.get(0).equals("1")) {
            return b3(h);
        } else if (sampled != null && sampled.get(0).equals("0")) {
            return null;
        } else if (h.containsKey("X-B3-Traceid")) {
            return b3(h);
        }
        List<String> b3 = h.get("B3");
        if (b3 != null) {
            String[] tk = b3.get(0).split("-", -1);
            if ((tk.length > 2 && tk[2].equals("0")) || (tk.length == 1 && tk[0].equals("0"))) {
                return null;
            }
            return Map.of("B3", b3);
        }
        List<String> ctx = h.get("Traceparent");
        if (ctx != null) {
            String[] tk = ctx.get(0).split("-", -1);
            if (tk.length == 4 && tk[3].length() == 2 && hexOdd(tk[3])) {
                Map<String, List<String>> r = new TreeMap<>();
                r.put("Traceparent", ctx);
                if (h.containsKey("Tracestate")) {
                    r.put("Tracestate", h.get("Tracestate"));
                }
                return r;
            }
        }
        return null;
    }

    private static Map<String, List<String>> b3(Map<String, List<String>> h) {
        Map<String, List<String>> r = new TreeMap<>();
        for (String k : List.of("X-B3-Sampled", "X-B3-Traceid", "X-B3-Parentspanid", "X-B3-Spanid")) {
            if (h.containsKey(k)) {
                r.put(k, h.get(k));
            }
        }
        return r;
    }

    /** Whether a one- or two-digit hex number has its lowest bit set (false when not hex). */
    private static boolean hexOdd(String digits) {
        try {
            return (Integer.parseInt(digits, 16) & 1) == 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A NATS header block as Go's MIME reader reads it: canonical keys, values trimmed, in order per key. */
    static Map<String, List<String>> parse(byte[] block) {
        Map<String, List<String>> h = new TreeMap<>();
        if (block == null) {
            return h;
        }
        String text = new String(block, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = canonical(line.substring(0, colon).trim());
            h.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        return h;
    }

    /** Go's {@code textproto.CanonicalMIMEHeaderKey}: upper case first and after each '-', lower case otherwise. */
    static String canonical(String key) {
        StringBuilder b = new StringBuilder(key.length());
        boolean upper = true;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == ' ' || c > 127) {
                return key;
            }
            b.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return b.toString();
    }
}

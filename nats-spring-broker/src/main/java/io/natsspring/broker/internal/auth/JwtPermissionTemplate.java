package io.natsspring.broker.internal.auth;

import io.natsspring.broker.internal.routing.Subjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the template functions of a scoped signing key's permissions for one user, as {@code nats-server}'s
 * {@code processUserPermissionsTemplate}: {@code {{name()}}}, {@code {{subject()}}} (the user JWT's), {@code
 * {{account-name()}}} (the account JWT's name), {@code {{account-subject()}}} (the user JWT's {@code issuer_account}),
 * {@code {{tag(x)}}} and {@code {{account-tag(x)}}} (every value of the user's or account's tags {@code x:value}, one
 * subject per combination, at most 4096). In allow lists a subject that comes out invalid (a tag without value) is
 * dropped, and an allow list left empty becomes a {@code deny >}; in deny lists it refuses the user.
 */
final class JwtPermissionTemplate {

    private static final Pattern MUSTACHE = Pattern.compile("\\{\\{([^}]+)}}");
    static final int MAX_EXPANSIONS = 4096;

    private JwtPermissionTemplate() {}

    /**
     * @throws IllegalArgumentException when a function is unknown, a deny subject can not be generated, or the
     *                                  expansion limit is passed (the user is refused)
     */
    static PermissionPatterns apply(PermissionPatterns template, Jwt user, Jwt account) {
        if (template == null) {
            return null;
        }
        List<String> pubAllow = expand(template.publishAllow(), false, user, account);
        List<String> pubDeny = new ArrayList<>(expand(template.publishDeny(), true, user, account));
        List<String> subAllow = expand(template.subscribeAllow(), false, user, account);
        List<String> subDeny = new ArrayList<>(expand(template.subscribeDeny(), true, user, account));
        if (!template.subscribeAllow().isEmpty() && subAllow.isEmpty() && !subDeny.contains(">")) {
            subDeny.add(">");
        }
        if (!template.publishAllow().isEmpty() && pubAllow.isEmpty() && !pubDeny.contains(">")) {
            pubDeny.add(">");
        }
        return new PermissionPatterns(pubAllow, pubDeny, subAllow, subDeny, template.responses());
    }

    private static List<String> expand(List<String> list, boolean failOnBadSubject, Jwt user, Jwt account) {
        if (list.stream().noneMatch(s -> MUSTACHE.matcher(s).find())) {
            return list;
        }
        List<String> out = new ArrayList<>();
        for (String entry : list) {
            Matcher m = MUSTACHE.matcher(entry);
            List<String> sources = new ArrayList<>();
            List<List<String>> values = new ArrayList<>();
            boolean tags = false;
            while (m.find()) {
                String op = m.group(1).strip();
                sources.add(m.group());
                String lower = op.toLowerCase(Locale.ROOT);
                if (lower.equals("name()")) {
                    values.add(List.of(user.name()));
                } else if (lower.equals("subject()")) {
                    values.add(List.of(user.subject()));
                } else if (lower.equals("account-name()")) {
                    values.add(List.of(account.name()));
                } else if (lower.equals("account-subject()")) {
                    values.add(List.of(user.nats().path("issuer_account").asString("")));
                } else if (tagName(op) != null) {
                    tags = true;
                    String[] tag = tagName(op);
                    Jwt holder = tag[0].equals("account-tag") ? account : user;
                    String prefix = tag[1].toLowerCase(Locale.ROOT) + ":";
                    List<String> found = new ArrayList<>();
                    for (String t : Jwt.strings(holder.nats().path("tags"))) {
                        if (t.startsWith(prefix)) {
                            found.add(t.substring(prefix.length()));
                        }
                    }
                    if (!found.isEmpty()) {
                        values.add(found);
                    } else if (failOnBadSubject) {
                        throw new IllegalArgumentException(
                                "generated invalid subject \"" + entry + "\": \"" + tag[1] + "\" is not defined");
                    } else {
                        values.add(List.of(" "));
                    }
                } else {
                    throw new IllegalArgumentException(
                            "template operation in \"" + entry + "\": \"" + op + "\" is not defined");
                }
            }
            long combinations = 1;
            for (List<String> v : values) {
                combinations *= v.size();
                if (tags && combinations > MAX_EXPANSIONS) {
                    throw new IllegalArgumentException(
                            "permission template expansion limit exceeded: " + MAX_EXPANSIONS);
                }
            }
            if (tags && out.size() > MAX_EXPANSIONS - combinations) {
                throw new IllegalArgumentException("permission template expansion limit exceeded: " + MAX_EXPANSIONS);
            }
            int[] index = new int[values.size()];
            for (long n = 0; n < combinations; n++) {
                String subject = entry;
                for (int j = 0; j < sources.size(); j++) {
                    subject = subject.replace(sources.get(j), values.get(j).get(index[j]));
                }
                if (Subjects.isValidSubscribeSubject(subject)) {
                    out.add(subject);
                } else if (failOnBadSubject) {
                    throw new IllegalArgumentException("generated invalid subject");
                }
                for (int j = index.length - 1; j >= 0; j--) {
                    if (++index[j] < values.get(j).size()) {
                        break;
                    }
                    index[j] = 0;
                }
            }
        }
        return out;
    }

    /** {@code tag(x)} or {@code account-tag(x)} (case-insensitive): the kind and {@code x}; else {@code null}. */
    private static String[] tagName(String op) {
        String lower = op.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tag(") && op.endsWith(")")) {
            return new String[] {"tag", op.substring(4, op.length() - 1)};
        }
        if (lower.startsWith("account-tag(") && op.endsWith(")")) {
            return new String[] {"account-tag", op.substring(12, op.length() - 1)};
        }
        return null;
    }
}

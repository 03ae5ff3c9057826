package io.natsspring.broker.internal.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Matches an IP address against CIDR blocks ({@code 10.0.0.0/8}, {@code ::1/128}) as a user JWT's {@code src}. */
final class CidrList {

    private CidrList() {}

    /** True when {@code ip} lies in one of {@code cidrs}; false for a missing or unparsable address or block. */
    static boolean contains(List<String> cidrs, String ip) {
        if (ip == null || ip.isEmpty()) {
            return false;
        }
        byte[] address = literal(ip);
        if (address == null) {
            return false;
        }
        for (String cidr : cidrs) {
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                return false;
            }
            byte[] network = literal(cidr.substring(0, slash));
            int bits;
            try {
                bits = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            if (network == null || bits < 0 || bits > network.length * 8) {
                return false;
            }
            if (network.length == address.length && prefixMatches(network, address, bits)) {
                return true;
            }
        }
        return false;
    }

    private static boolean prefixMatches(byte[] network, byte[] address, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of a literal IPv4 or IPv6 address (no name lookup), or null. */
    private static byte[] literal(String text) {
        if (!text.matches("[0-9a-fA-F.:]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}

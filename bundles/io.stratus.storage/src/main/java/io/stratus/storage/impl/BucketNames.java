package io.stratus.storage.impl;

import java.util.List;
import java.util.regex.Pattern;

/** S3's general purpose bucket naming rules. */
final class BucketNames {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3",
            "--table-s3");

    private BucketNames() {
    }

    /** Why the name breaks the rules, or null when it is valid. */
    static String problem(String name) {
        if (name == null || name.length() < 3 || name.length() > 63) {
            return "Bucket name must be between 3 (min) and 63 (max) characters long";
        }
        if (!SHAPE.matcher(name).matches()) {
            return "Bucket name can consist only of lowercase letters, numbers, periods (.) and hyphens (-), "
                    + "and must begin and end with a letter or number";
        }
        if (name.contains("..")) {
            return "Bucket name must not contain two adjacent periods";
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            return "Bucket name must not be formatted as an IP address";
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return "Bucket name must not start with the prefix '" + prefix + "'";
            }
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return "Bucket name must not end with the suffix '" + suffix + "'";
            }
        }
        return null;
    }
}

package io.stratus.gateway.impl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.stratus.aws.codec.UrlCodec;

/**
 * A route's method and path as API Gateway HTTP APIs write them: {@code GET /pets/{id}},
 * {@code ANY /files/{proxy+}} or {@code $default}. Knows how specific it is, so the most specific
 * matching route wins, and its shape, so two routes that would match the same requests are found.
 */
final class RoutePattern {

    static final String ANY = "ANY";
    static final String DEFAULT = "$default";
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", ANY);

    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    enum Kind {
        LITERAL, PARAM, GREEDY
    }

    private final String method;
    private final String path;
    private final Kind[] kinds;
    private final String[] names;
    private final boolean catchAll;

    private RoutePattern(String method, String path, Kind[] kinds, String[] names, boolean catchAll) {
        this.method = method;
        this.path = path;
        this.kinds = kinds;
        this.names = names;
        this.catchAll = catchAll;
    }

    /**
     * Parses a route key: {@code METHOD /path}, a bare {@code /path} (any method) or {@code $default}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static RoutePattern parseKey(String routeKey) {
        String key = routeKey == null ? "" : routeKey.strip();
        int space = key.indexOf(' ');
        if (space < 0) {
            return parse(ANY, key);
        }
        return parse(key.substring(0, space), key.substring(space + 1).strip());
    }

    /** Parses a method ({@code ANY} or an HTTP method, any case) and a path. */
    static RoutePattern parse(String method, String path) {
        String m = method == null || method.isBlank() ? ANY : method.strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) {
            throw new IllegalArgumentException("unknown method '" + method + "' (use one of " + String.join(", ",
                    new java.util.TreeSet<>(METHODS)) + ")");
        }
        if (DEFAULT.equals(path)) {
            return new RoutePattern(ANY, DEFAULT, new Kind[0], new String[0], true);
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' must start with /");
        }
        if (path.equals("/system") || path.startsWith("/system/")) {
            throw new IllegalArgumentException("path '" + path + "' is under /system/, which is reserved for the platform");
        }
        if (path.equals("/")) {
            return new RoutePattern(m, path, new Kind[0], new String[0], false);
        }
        String[] segments = path.substring(1).split("/", -1);
        Kind[] kinds = new Kind[segments.length];
        String[] names = new String[segments.length];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("path '" + path + "' has an empty segment");
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String name = segment.substring(1, segment.length() - 1);
                boolean greedy = name.endsWith("+");
                if (greedy) {
                    name = name.substring(0, name.length() - 1);
                    if (i != segments.length - 1) {
                        throw new IllegalArgumentException("path '" + path + "': a greedy {" + name
                                + "+} segment must be the last one");
                    }
                }
                if (!PARAM_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("path '" + path + "': bad parameter name '" + name + "'");
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("path '" + path + "' names parameter '" + name + "' twice");
                }
                kinds[i] = greedy ? Kind.GREEDY : Kind.PARAM;
                names[i] = name;
            } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
                throw new IllegalArgumentException("path '" + path + "': a parameter must be a whole segment: '"
                        + segment + "'");
            } else {
                kinds[i] = Kind.LITERAL;
                names[i] = segment;
            }
        }
        return new RoutePattern(m, path, kinds, names, false);
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    boolean catchAll() {
        return catchAll;
    }

    boolean anyMethod() {
        return ANY.equals(method);
    }

    /** True when every segment is literal: such routes are found by one map lookup. */
    boolean literal() {
        if (catchAll) {
            return false;
        }
        for (Kind kind : kinds) {
            if (kind != Kind.LITERAL) {
                return false;
            }
        }
        return true;
    }

    /** {@code GET /pets/{id}}, or {@code $default}. */
    String routeKey() {
        return catchAll ? DEFAULT : method + " " + path;
    }

    /** The route key with parameter names erased: two routes of one shape match the same requests. */
    String shapeKey() {
        if (catchAll) {
            return DEFAULT;
        }
        StringBuilder shape = new StringBuilder(method).append(' ');
        if (kinds.length == 0) {
            shape.append('/');
        }
        for (int i = 0; i < kinds.length; i++) {
            shape.append('/').append(switch (kinds[i]) {
                case LITERAL -> names[i];
                case PARAM -> "{}";
                case GREEDY -> "{+}";
            });
        }
        return shape.toString();
    }

    boolean acceptsMethod(String requestMethod) {
        return anyMethod() || method.equals(requestMethod);
    }

    /**
     * Matches decoded path segments (the method is checked by the caller).
     *
     * @return the path parameters (empty when none), or null when the path does not match
     */
    Map<String, String> match(String[] segments) {
        if (catchAll) {
            return Map.of();
        }
        int n = kinds.length;
        boolean greedy = n > 0 && kinds[n - 1] == Kind.GREEDY;
        if (greedy ? segments.length < n : segments.length != n) {
            return null;
        }
        Map<String, String> parameters = null;
        for (int i = 0; i < n; i++) {
            switch (kinds[i]) {
                case LITERAL -> {
                    if (!names[i].equals(segments[i])) {
                        return null;
                    }
                }
                case PARAM -> {
                    if (segments[i].isEmpty()) {
                        return null;
                    }
                    parameters = put(parameters, names[i], segments[i]);
                }
                case GREEDY -> {
                    String rest = String.join("/", java.util.Arrays.copyOfRange(segments, i, segments.length));
                    if (rest.isEmpty()) {
                        return null;
                    }
                    parameters = put(parameters, names[i], rest);
                }
            }
        }
        return parameters == null ? Map.of() : parameters;
    }

    private static Map<String, String> put(Map<String, String> parameters, String name, String value) {
        Map<String, String> map = parameters == null ? new LinkedHashMap<>(4) : parameters;
        map.put(name, value);
        return map;
    }

    /**
     * Orders routes most specific first, as API Gateway picks them: segment by segment a literal beats
     * a parameter, which beats a greedy parameter; then a named method beats {@code ANY};
     * {@code $default} comes last.
     */
    static int bySpecificity(RoutePattern a, RoutePattern b) {
        if (a.catchAll != b.catchAll) {
            return a.catchAll ? 1 : -1;
        }
        int common = Math.min(a.kinds.length, b.kinds.length);
        for (int i = 0; i < common; i++) {
            int c = a.kinds[i].compareTo(b.kinds[i]);
            if (c != 0) {
                return c;
            }
        }
        if (a.kinds.length != b.kinds.length) {
            return Integer.compare(b.kinds.length, a.kinds.length);
        }
        if (a.anyMethod() != b.anyMethod()) {
            return a.anyMethod() ? 1 : -1;
        }
        return a.routeKey().compareTo(b.routeKey());
    }

    /** Splits a raw request path into percent-decoded segments ({@code /} is none; one trailing slash ignored). */
    static String[] segments(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return new String[0];
        }
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] parts = path.split("/", -1);
        List<String> decoded = new ArrayList<>(parts.length);
        for (String part : parts) {
            decoded.add(UrlCodec.decodePath(part));
        }
        return decoded.toArray(new String[0]);
    }

    @Override
    public String toString() {
        return routeKey();
    }
}

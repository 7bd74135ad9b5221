package io.stratus.aws.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.api.AwsService;

/**
 * An immutable snapshot of the registered AWS services with one lookup map per way AWS tells
 * services apart. Rebuilt when a service comes or goes, so a request never filters services.
 * Where two services claim the same key, the higher service ranking (then the older service) wins.
 */
final class ServiceTable {

    static final ServiceTable EMPTY = new ServiceTable(List.of());

    /** One registered service and what it claims. */
    record Entry(AwsService service, String signingName, AwsProtocol protocol, String targetPrefix,
            List<String> pathPrefixes, boolean fallback, String xmlNamespace, int ranking, long serviceId,
            boolean acceptsQuery) {

        /**
         * The protocol a request speaks: the service's own, or the query protocol for a form POST
         * without {@code X-Amz-Target} to a service that also accepts it (CloudWatch, as AWS's
         * query-compatible JSON services do).
         */
        AwsProtocol protocolOf(String target, boolean formPost) {
            return acceptsQuery && target == null && formPost ? AwsProtocol.QUERY : protocol;
        }

        /** Reads the whiteboard properties; throws IllegalArgumentException naming what is wrong. */
        static Entry of(AwsService service, Map<String, ?> properties) {
            String signingName = string(properties.get(AwsService.SERVICE));
            if (signingName == null || signingName.isBlank()) {
                throw new IllegalArgumentException("missing service property " + AwsService.SERVICE);
            }
            List<String> protocolIds = strings(properties.get(AwsService.PROTOCOL));
            if (protocolIds.isEmpty()) {
                throw new IllegalArgumentException("missing service property " + AwsService.PROTOCOL);
            }
            AwsProtocol protocol = AwsProtocol.of(protocolIds.get(0));
            boolean acceptsQuery = false;
            for (String other : protocolIds.subList(1, protocolIds.size())) {
                if (AwsProtocol.of(other) != AwsProtocol.QUERY) {
                    throw new IllegalArgumentException("only the query protocol may follow the main protocol: " + other);
                }
                acceptsQuery = true;
            }
            List<String> prefixes = strings(properties.get(AwsService.PATH_PREFIX));
            for (String prefix : prefixes) {
                if (!prefix.startsWith("/")) {
                    throw new IllegalArgumentException("path prefix must start with '/': " + prefix);
                }
            }
            Object fallback = properties.get(AwsService.FALLBACK);
            boolean isFallback = fallback instanceof Boolean b ? b : Boolean.parseBoolean(string(fallback));
            Object ranking = properties.get("service.ranking");
            Object id = properties.get("service.id");
            return new Entry(service, signingName, protocol, string(properties.get(AwsService.TARGET_PREFIX)),
                    List.copyOf(prefixes), isFallback, string(properties.get(AwsService.XML_NAMESPACE)),
                    ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : 0L, acceptsQuery);
        }

        /** A single or multiple service property as strings. */
        private static List<String> strings(Object value) {
            List<String> result = new ArrayList<>();
            if (value instanceof String[] array) {
                result.addAll(List.of(array));
            } else if (value instanceof Collection<?> collection) {
                collection.forEach(v -> result.add(String.valueOf(v)));
            } else if (value != null) {
                result.add(String.valueOf(value));
            }
            return result;
        }

        private static String string(Object value) {
            return value == null ? null : String.valueOf(value);
        }
    }

    /** How a request named its service; for the log and for tests. */
    enum Match {
        TARGET, CREDENTIAL_SCOPE, PATH, FALLBACK
    }

    /** A service found for a request, and how. */
    record Found(Entry entry, Match match) {
    }

    private static final Comparator<Entry> PREFERENCE = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries;
    private final Map<String, Entry> byTarget = new HashMap<>();
    private final Map<String, Entry> bySigningName = new HashMap<>();
    private final List<Map.Entry<String, Entry>> byPath = new ArrayList<>();
    private final Entry fallback;

    ServiceTable(Collection<Entry> services) {
        List<Entry> sorted = new ArrayList<>(services);
        sorted.sort(PREFERENCE);
        this.entries = List.copyOf(sorted);
        Entry firstFallback = null;
        for (Entry entry : sorted) {
            if (entry.targetPrefix() != null) {
                byTarget.putIfAbsent(entry.targetPrefix(), entry);
            }
            bySigningName.putIfAbsent(entry.signingName(), entry);
            for (String prefix : entry.pathPrefixes()) {
                if (byPath.stream().noneMatch(e -> e.getKey().equals(prefix))) {
                    byPath.add(Map.entry(prefix, entry));
                }
            }
            if (entry.fallback() && firstFallback == null) {
                firstFallback = entry;
            }
        }
        // longest prefix first, so /2015-03-31/functions/ can be claimed apart from /2015-03-31/
        byPath.sort(Comparator.comparingInt((Map.Entry<String, Entry> e) -> e.getKey().length()).reversed());
        this.fallback = firstFallback;
    }

    List<Entry> entries() {
        return entries;
    }

    /** A table with the entry added (replacing one for the same service object). */
    ServiceTable with(Entry entry) {
        List<Entry> next = new ArrayList<>(entries);
        next.removeIf(e -> e.service() == entry.service());
        next.add(entry);
        return new ServiceTable(next);
    }

    /** A table without the service. */
    ServiceTable without(AwsService service) {
        List<Entry> next = new ArrayList<>(entries);
        next.removeIf(e -> e.service() == service);
        return new ServiceTable(next);
    }

    /**
     * Identifies the target service as AWS does: the {@code X-Amz-Target} prefix, the credential
     * scope's service, the path, then the fallback service.
     *
     * @param target  the X-Amz-Target header or null
     * @param scope   the credential scope or null
     * @param rawPath the request path as sent
     * @return the service, or null when none claims the request
     */
    Found identify(String target, CredentialScope scope, String rawPath) {
        if (target != null) {
            int dot = target.lastIndexOf('.');
            Entry entry = byTarget.get(dot < 0 ? target : target.substring(0, dot));
            if (entry != null) {
                return new Found(entry, Match.TARGET);
            }
        }
        if (scope != null) {
            Entry entry = bySigningName.get(scope.service());
            if (entry != null) {
                return new Found(entry, Match.CREDENTIAL_SCOPE);
            }
        }
        for (Map.Entry<String, Entry> path : byPath) {
            if (rawPath.startsWith(path.getKey())) {
                return new Found(path.getValue(), Match.PATH);
            }
        }
        return fallback == null ? null : new Found(fallback, Match.FALLBACK);
    }
}

package io.stratus.gateway.impl;

/**
 * One declared route.
 *
 * @param format null when inferred from the handler's input type
 * @param cors   null when the route has no CORS
 */
record Route(RoutePattern pattern, String function, PayloadFormat format, CorsPolicy cors, Source source) {

    /**
     * Where a route comes from. Configurations come before bundles (they override them); among equals
     * the earlier declaration (lower bundle id, then declaration order) keeps a route it shares.
     */
    record Source(boolean configuration, long order, int index, String description) {

        static int byPrecedence(Source a, Source b) {
            if (a.configuration != b.configuration) {
                return a.configuration ? -1 : 1;
            }
            int c = Long.compare(a.order, b.order);
            return c != 0 ? c : Integer.compare(a.index, b.index);
        }

        static Source bundle(long bundleId, String symbolicName, int index) {
            return new Source(false, bundleId, index, "bundle " + symbolicName + " [" + bundleId + "]");
        }

        static Source configuration(String pid, long order, int index) {
            return new Source(true, order, index, "configuration " + pid);
        }
    }
}

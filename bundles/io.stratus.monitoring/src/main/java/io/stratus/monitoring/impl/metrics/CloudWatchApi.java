package io.stratus.monitoring.impl.metrics;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.api.AwsResponse;
import io.stratus.aws.api.AwsService;
import io.stratus.aws.codec.AwsCbor;
import io.stratus.aws.codec.AwsJson;
import io.stratus.aws.codec.AwsXml;
import io.stratus.monitoring.impl.metrics.MetricStore.Dimension;
import io.stratus.monitoring.impl.metrics.MetricStore.MetricKey;
import io.stratus.monitoring.impl.metrics.MetricStore.Statistics;

/**
 * The CloudWatch metrics API: GetMetricStatistics, GetMetricData, ListMetrics and PutMetricData, in
 * the JSON 1.0 protocol (current aws CLI), the Smithy RPC v2 CBOR protocol (AWS SDK for Java v2) and
 * the query protocol (form-encoded {@code Action=}, XML answers: older aws CLI releases such as Debian's 2.9, older SDKs).
 * JSON and CBOR are query-compatible, as CloudWatch is: error codes are the query protocol's
 * ({@code InvalidParameterValue}, {@code MissingParameter}, ...). Requests and answers are handled as
 * plain value trees (maps, lists, numbers, strings, {@link Instant}s) so the encodings share every operation.
 */
public final class CloudWatchApi implements AwsService {

    public static final String TARGET_PREFIX = "GraniteServiceVersion20100801";
    static final String CBOR_PATH = "/service/" + TARGET_PREFIX + "/operation/";
    public static final String XML_NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    /* members whose value is a map (query XML: entry/key/value), not a structure */
    private static final Set<String> MAP_MEMBERS = Set.of("ExtendedStatistics");

    static final String INVALID_PARAMETER_VALUE = "InvalidParameterValue";
    static final String MISSING_PARAMETER = "MissingParameter";
    static final String INVALID_COMBINATION = "InvalidParameterCombination";
    static final String INVALID_NEXT_TOKEN = "InvalidNextToken";
    static final String MISSING_ACTION = "MissingAction";
    static final Set<String> OPERATIONS = Set.of("GetMetricStatistics", "GetMetricData", "ListMetrics", "PutMetricData");

    /* query error code -> the Smithy shape the SDK maps it to */
    private static final Map<String, String> SHAPES = Map.of(
            INVALID_PARAMETER_VALUE, "InvalidParameterValueException",
            MISSING_PARAMETER, "MissingRequiredParameterException",
            INVALID_COMBINATION, "InvalidParameterCombinationException",
            INVALID_NEXT_TOKEN, "InvalidNextToken",
            "InternalServiceError", "InternalServiceFault",
            "UnknownOperationException", "UnknownOperationException",
            AwsJson.SERIALIZATION, "SerializationException");

    static final Set<String> STATISTICS = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
    static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d{1,10})?|100(\\.0{1,10})?)");
    static final Pattern QUERY_ID = Pattern.compile("[a-z][a-zA-Z0-9_]{0,254}");
    static final int MAX_DATAPOINTS = 1440;
    static final int LIST_PAGE = 500;
    static final int MAX_BODY = 2 * 1024 * 1024;
    static final Duration MAX_AGE = Duration.ofDays(14);
    static final Duration MAX_FUTURE = Duration.ofHours(2);

    private final MetricStore store;
    private final Supplier<Clock> clock;

    public CloudWatchApi(MetricStore store, Supplier<Clock> clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void handle(AwsRequest request, AwsResponse response) throws AwsException, IOException {
        String path = request.path();
        if (path != null && path.startsWith(CBOR_PATH)) {
            handleCbor(request, response, path.substring(CBOR_PATH.length()));
            return;
        }
        if (request.protocol() == AwsProtocol.QUERY) {
            handleQuery(request, response);
            return;
        }
        Map<String, Object> input = fromJson(AwsJson.parseObject(body(request), AwsProtocol.JSON_1_0).json());
        Map<String, Object> output = operation(request.target(), input);
        response.status(200);
        response.body("application/x-amz-json-1.0", AwsJson.toBytes(toJson(output)));
    }

    /**
     * Each operation's IAM action ({@code cloudwatch:<operation>}) on {@code *}, as the Service
     * Authorization Reference has them for metrics; PutMetricData also states its
     * {@code cloudwatch:namespace} condition key. The same in JSON 1.0 and CBOR.
     */
    @Override
    public List<AccessRequest> access(AwsRequest request) throws AwsException, IOException {
        String path = request.path();
        boolean cbor = path != null && path.startsWith(CBOR_PATH);
        boolean query = !cbor && request.protocol() == AwsProtocol.QUERY;
        String operation = cbor ? path.substring(CBOR_PATH.length())
                : query ? queryAction(request) : request.target();
        switch (operation == null ? "" : operation) {
            case "GetMetricStatistics", "GetMetricData", "ListMetrics" -> {
                return List.of(new AccessRequest("cloudwatch:" + operation, "*"));
            }
            case "PutMetricData" -> {
                Map<String, Object> input = cbor ? cborInput(request) : query ? fromQuery(request.parameters())
                        : fromJson(AwsJson.parseObject(body(request), AwsProtocol.JSON_1_0).json());
                String namespace = new Params(input, "").requiredString("Namespace");
                return List.of(new AccessRequest("cloudwatch:PutMetricData", "*",
                        Map.of("cloudwatch:namespace", List.of(namespace))));
            }
            default -> throw new AwsException(400, "UnknownOperationException",
                    "The operation " + operation + " is not served by this CloudWatch endpoint");
        }
    }

    private static String queryAction(AwsRequest request) throws AwsException {
        String action = request.parameter("Action");
        if (action == null || action.isEmpty()) {
            throw new AwsException(400, MISSING_ACTION, "The request must contain the parameter Action.");
        }
        if (!OPERATIONS.contains(action)) {
            throw new AwsException(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
        }
        return action;
    }

    /** A query-protocol request: the operation on the form's values, the answer as AWS's XML document. */
    private void handleQuery(AwsRequest request, AwsResponse response) throws AwsException, IOException {
        String action = queryAction(request);
        Map<String, Object> output = operation(action, fromQuery(request.parameters()), true);
        AwsXml.Writer xml = AwsXml.document().start(action + "Response").attribute("xmlns", XML_NAMESPACE);
        if (!output.isEmpty()) {
            xml.start(action + "Result");
            output.forEach((name, value) -> writeXml(xml, name, value));
            xml.end();
        }
        xml.start("ResponseMetadata").element("RequestId", request.requestId()).end();
        response.status(200);
        response.body("text/xml", xml.toBytes());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cborInput(AwsRequest request) throws AwsException, IOException {
        Object decoded = AwsCbor.decode(body(request), AwsJson.SERIALIZATION);
        if (!(decoded instanceof Map<?, ?>)) {
            throw new AwsException(400, AwsJson.SERIALIZATION, "The request body must be a CBOR map");
        }
        return (Map<String, Object>) decoded;
    }

    private void handleCbor(AwsRequest request, AwsResponse response, String operation) throws IOException {
        response.header(AwsCbor.PROTOCOL_HEADER, AwsCbor.PROTOCOL);
        try {
            Map<String, Object> output = operation(operation, cborInput(request));
            response.status(200);
            response.body(AwsCbor.CONTENT_TYPE, AwsCbor.encode(output));
        } catch (AwsException e) {
            response.status(e.status());
            response.header("x-amzn-query-error", e.code() + ";" + (e.senderFault() ? "Sender" : "Receiver"));
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("__type", "com.amazonaws.cloudwatch#" + SHAPES.getOrDefault(e.code(), e.code()));
            error.put("message", e.getMessage());
            response.body(AwsCbor.CONTENT_TYPE, AwsCbor.encode(error));
        }
    }

    private static byte[] body(AwsRequest request) throws AwsException, IOException {
        byte[] body = request.body(MAX_BODY);
        String encoding = request.header("Content-Encoding");
        if (encoding != null && encoding.trim().equalsIgnoreCase("gzip")) {
            // the SDKs compress large PutMetricData bodies
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                byte[] inflated = in.readNBytes(MAX_BODY + 1);
                if (inflated.length > MAX_BODY) {
                    throw new AwsException(413, "RequestEntityTooLarge", "Request size exceeded " + MAX_BODY + " bytes");
                }
                return inflated;
            } catch (java.util.zip.ZipException e) {
                throw new AwsException(400, AwsJson.SERIALIZATION, "The gzip body is corrupt: " + e.getMessage());
            }
        }
        return body;
    }

    Map<String, Object> operation(String operation, Map<String, Object> input) throws AwsException {
        return operation(operation, input, false);
    }

    /** @param textual the input came from a form, so numbers and booleans arrive as text */
    Map<String, Object> operation(String operation, Map<String, Object> input, boolean textual) throws AwsException {
        Params params = new Params(input, "", textual);
        return switch (operation == null ? "" : operation) {
            case "GetMetricStatistics" -> getMetricStatistics(params);
            case "GetMetricData" -> getMetricData(params);
            case "ListMetrics" -> listMetrics(params);
            case "PutMetricData" -> putMetricData(params);
            default -> throw new AwsException(400, "UnknownOperationException",
                    "The operation " + operation + " is not served by this CloudWatch endpoint");
        };
    }

    // ------------------------------------------------------------------ operations

    private Map<String, Object> getMetricStatistics(Params p) throws AwsException {
        String namespace = p.requiredString("Namespace");
        String metricName = p.requiredString("MetricName");
        List<Dimension> dimensions = dimensions(p, "Dimensions", true);
        Instant start = p.requiredInstant("StartTime");
        Instant end = p.requiredInstant("EndTime");
        int period = period(p.requiredInteger("Period"));
        checkRange(start, end);
        List<String> statistics = p.stringList("Statistics");
        List<String> extended = p.stringList("ExtendedStatistics");
        if ((statistics == null || statistics.isEmpty()) && (extended == null || extended.isEmpty())) {
            throw new AwsException(400, INVALID_COMBINATION, "Must specify either Statistics or ExtendedStatistics.");
        }
        if (statistics != null && !statistics.isEmpty() && extended != null && !extended.isEmpty()) {
            throw new AwsException(400, INVALID_COMBINATION,
                    "The parameters Statistics and ExtendedStatistics are mutually exclusive.");
        }
        if (statistics != null) {
            for (String s : statistics) {
                if (!STATISTICS.contains(s)) {
                    throw new AwsException(400, INVALID_PARAMETER_VALUE, "The parameter Statistics contains the invalid value "
                            + s + "; it must be one of SampleCount, Average, Sum, Minimum, Maximum.");
                }
            }
        }
        if (extended != null) {
            for (String s : extended) {
                percentile(s, "ExtendedStatistics");
            }
        }
        long requested = (end.toEpochMilli() - start.toEpochMilli() + period * 1000L - 1) / (period * 1000L);
        if (requested > MAX_DATAPOINTS) {
            throw new AwsException(400, INVALID_COMBINATION, "You have requested up to " + requested
                    + " datapoints, which exceeds the limit of " + MAX_DATAPOINTS + ". You may reduce the datapoints "
                    + "requested by increasing Period, or decreasing the time range.");
        }
        String unit = p.string("Unit");
        MetricKey key = new MetricKey(namespace, metricName, dimensions);
        List<Object> datapoints = new ArrayList<>();
        if (unit == null || unit.equals(store.unit(key))) {
            for (Statistics s : store.statistics(key, start, end, period)) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("Timestamp", Instant.ofEpochMilli(s.periodStart()));
                if (statistics != null) {
                    for (String name : statistics) {
                        point.put(name, statistic(s, name));
                    }
                }
                if (extended != null && !extended.isEmpty()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (String name : extended) {
                        double value = s.percentile(Double.parseDouble(name.substring(1)));
                        if (!Double.isNaN(value)) {
                            values.put(name, value);
                        }
                    }
                    point.put("ExtendedStatistics", values);
                }
                point.put("Unit", s.unit() == null ? "None" : s.unit());
                datapoints.add(point);
            }
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("Label", metricName);
        output.put("Datapoints", datapoints);
        return output;
    }

    private Map<String, Object> getMetricData(Params p) throws AwsException {
        List<Params> queries = p.requiredList("MetricDataQueries");
        if (queries.isEmpty() || queries.size() > 500) {
            throw new AwsException(400, INVALID_PARAMETER_VALUE,
                    "The collection MetricDataQueries must not be empty and must not be larger than 500.");
        }
        Instant start = p.requiredInstant("StartTime");
        Instant end = p.requiredInstant("EndTime");
        checkRange(start, end);
        String scanBy = p.string("ScanBy");
        if (scanBy != null && !scanBy.equals("TimestampDescending") && !scanBy.equals("TimestampAscending")) {
            throw new AwsException(400, INVALID_PARAMETER_VALUE,
                    "The parameter ScanBy must be TimestampDescending or TimestampAscending.");
        }
        boolean ascending = "TimestampAscending".equals(scanBy);
        Integer maxDatapoints = p.integer("MaxDatapoints");
        Set<String> ids = new java.util.HashSet<>();
        List<Object> results = new ArrayList<>();
        for (Params query : queries) {
            String id = query.requiredString("Id");
            if (!QUERY_ID.matcher(id).matches()) {
                throw new AwsException(400, INVALID_PARAMETER_VALUE, "The value " + id + " for parameter "
                        + query.name("Id") + " is invalid: it must start with a lower-case letter and contain only "
                        + "letters, digits and underscores.");
            }
            if (!ids.add(id)) {
                throw new AwsException(400, INVALID_PARAMETER_VALUE, "The value " + id
                        + " for parameter MetricDataQueries.Id is not unique.");
            }
            if (query.string("Expression") != null) {
                throw new AwsException(400, INVALID_PARAMETER_VALUE, "The parameter " + query.name("Expression")
                        + " is not served by this endpoint: metric math is not available, use MetricStat.");
            }
            Params stat = query.requiredObject("MetricStat");
            Params metric = stat.requiredObject("Metric");
            MetricKey key = new MetricKey(metric.requiredString("Namespace"), metric.requiredString("MetricName"),
                    dimensions(metric, "Dimensions", true));
            int period = period(stat.requiredInteger("Period"));
            String statistic = stat.requiredString("Stat");
            if (!STATISTICS.contains(statistic)) {
                percentile(statistic, stat.name("Stat"));
            }
            String unit = stat.string("Unit");
            List<Statistics> periods = unit == null || unit.equals(store.unit(key))
                    ? store.statistics(key, start, end, period) : List.of();
            List<Object> timestamps = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            List<Statistics> ordered = new ArrayList<>(periods);
            ordered.sort(Comparator.comparingLong(Statistics::periodStart));
            if (!ascending) {
                java.util.Collections.reverse(ordered);
            }
            for (Statistics s : ordered) {
                double value = statistic(s, statistic);
                if (Double.isNaN(value)) {
                    continue;
                }
                if (maxDatapoints != null && values.size() >= maxDatapoints) {
                    break;
                }
                timestamps.add(Instant.ofEpochMilli(s.periodStart()));
                values.add(value);
            }
            Boolean returnData = query.bool("ReturnData");
            if (Boolean.FALSE.equals(returnData)) {
                continue;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("Id", id);
            String label = query.string("Label");
            result.put("Label", label != null ? label : key.name());
            result.put("Timestamps", timestamps);
            result.put("Values", values);
            result.put("StatusCode", "Complete");
            results.add(result);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("MetricDataResults", results);
        output.put("Messages", List.of());
        return output;
    }

    private Map<String, Object> listMetrics(Params p) throws AwsException {
        String namespace = p.string("Namespace");
        String metricName = p.string("MetricName");
        List<Dimension> filters = dimensions(p, "Dimensions", false);
        String recentlyActive = p.string("RecentlyActive");
        if (recentlyActive != null && !recentlyActive.equals("PT3H")) {
            throw new AwsException(400, INVALID_PARAMETER_VALUE, "The parameter RecentlyActive must be PT3H.");
        }
        int offset = 0;
        String token = p.string("NextToken");
        if (token != null) {
            try {
                offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new AwsException(400, INVALID_NEXT_TOKEN, "The service couldn't process the NextToken.");
            }
        }
        long activeSince = clock.get().millis() - Duration.ofHours(3).toMillis();
        List<MetricKey> matching = new ArrayList<>();
        for (MetricKey key : store.keys()) {
            if ((namespace == null || namespace.equals(key.namespace()))
                    && (metricName == null || metricName.equals(key.name())) && hasDimensions(key, filters)
                    && (recentlyActive == null || store.activeSince(key, activeSince))) {
                matching.add(key);
            }
        }
        matching.sort(Comparator.comparing(MetricKey::namespace).thenComparing(MetricKey::name)
                .thenComparing(k -> k.dimensions().toString()));
        List<Object> metrics = new ArrayList<>();
        int end = Math.min(matching.size(), offset + LIST_PAGE);
        for (MetricKey key : matching.subList(Math.min(offset, matching.size()), end)) {
            Map<String, Object> metric = new LinkedHashMap<>();
            metric.put("Namespace", key.namespace());
            metric.put("MetricName", key.name());
            List<Object> dims = new ArrayList<>();
            for (Dimension d : key.dimensions()) {
                dims.add(new LinkedHashMap<>(Map.of("Name", d.name(), "Value", d.value())));
            }
            metric.put("Dimensions", dims);
            metrics.add(metric);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("Metrics", metrics);
        if (end < matching.size()) {
            output.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
        }
        return output;
    }

    /* A filter dimension without a value matches any value of that name. */
    private static boolean hasDimensions(MetricKey key, List<Dimension> filters) {
        for (Dimension filter : filters) {
            boolean found = false;
            for (Dimension d : key.dimensions()) {
                if (d.name().equals(filter.name()) && (filter.value() == null || filter.value().equals(d.value()))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Object> putMetricData(Params p) throws AwsException {
        String namespace = p.requiredString("Namespace");
        if (namespace.isEmpty() || namespace.length() > 255 || namespace.startsWith("AWS/") || namespace.startsWith(":")) {
            throw new AwsException(400, INVALID_PARAMETER_VALUE, "The value " + namespace
                    + " for parameter Namespace is invalid.");
        }
        List<Params> data = p.requiredList("MetricData");
        if (data.isEmpty() || data.size() > 1000) {
            throw new AwsException(400, INVALID_PARAMETER_VALUE,
                    "The collection MetricData must not be empty and must not be larger than 1000.");
        }
        Instant now = clock.get().instant();
        // validate everything before recording anything: a bad datum changes nothing
        List<Runnable> writes = new ArrayList<>();
        for (Params datum : data) {
            String name = datum.requiredString("MetricName");
            if (name.isEmpty() || name.length() > 255) {
                throw new AwsException(400, INVALID_PARAMETER_VALUE, "The value for parameter "
                        + datum.name("MetricName") + " must have length between 1 and 255.");
            }
            List<Dimension> dimensions = dimensions(datum, "Dimensions", true);
            if (dimensions.size() > 30) {
                throw new AwsException(400, INVALID_PARAMETER_VALUE, "The collection " + datum.name("Dimensions")
                        + " must not have more than 30 members.");
            }
            Instant timestamp = datum.instant("Timestamp");
            if (timestamp == null) {
                timestamp = now;
            }
            if (timestamp.isBefore(now.minus(MAX_AGE)) || timestamp.isAfter(now.plus(MAX_FUTURE))) {
                throw new AwsException(400, INVALID_PARAMETER_VALUE, "The parameter " + datum.name("Timestamp")
                        + " must specify a time no more than two weeks in the past and two hours in the future.");
            }
            String unit = datum.string("Unit");
            MetricKey key = new MetricKey(namespace, name, dimensions);
            long at = timestamp.toEpochMilli();
            Double value = datum.number("Value");
            List<Double> values = datum.numberList("Values");
            List<Double> counts = datum.numberList("Counts");
            Params statistics = datum.object("StatisticValues");
            int forms = (value != null ? 1 : 0) + (values != null ? 1 : 0) + (statistics != null ? 1 : 0);
            if (forms != 1) {
                throw new AwsException(400, INVALID_COMBINATION, "Exactly one of the parameters " + datum.name("Value")
                        + ", " + datum.name("Values") + " and " + datum.name("StatisticValues") + " must be specified.");
            }
            if (value != null) {
                finite(value, datum.name("Value"));
                double v = value;
                writes.add(() -> store.record(key, at, v, unit, true));
            } else if (values != null) {
                if (counts != null && counts.size() != values.size()) {
                    throw new AwsException(400, INVALID_PARAMETER_VALUE, "The parameters " + datum.name("Values")
                            + " and " + datum.name("Counts") + " must be of the same size.");
                }
                for (int i = 0; i < values.size(); i++) {
                    finite(values.get(i), datum.name("Values"));
                    double v = values.get(i);
                    long count = counts == null ? 1 : Math.round(counts.get(i));
                    writes.add(() -> {
                        for (long c = 0; c < count; c++) {
                            store.record(key, at, v, unit, true);
                        }
                    });
                }
            } else {
                double sampleCount = statistics.requiredNumber("SampleCount");
                double sum = statistics.requiredNumber("Sum");
                double min = statistics.requiredNumber("Minimum");
                double max = statistics.requiredNumber("Maximum");
                if (sampleCount <= 0 || min > max) {
                    throw new AwsException(400, INVALID_PARAMETER_VALUE, "The parameter "
                            + statistics.name("SampleCount") + " must be positive and Minimum must not exceed Maximum.");
                }
                writes.add(() -> store.recordStatistics(key, at, sampleCount, sum, min, max, unit));
            }
        }
        writes.forEach(Runnable::run);
        return new LinkedHashMap<>();
    }

    // ------------------------------------------------------------------ helpers

    private static double statistic(Statistics s, String name) {
        return switch (name) {
            case "SampleCount" -> s.sampleCount();
            case "Average" -> s.average();
            case "Sum" -> s.sum();
            case "Minimum" -> s.minimum();
            case "Maximum" -> s.maximum();
            default -> s.percentile(Double.parseDouble(name.substring(1)));
        };
    }

    private static void percentile(String value, String parameter) throws AwsException {
        Matcher m = PERCENTILE.matcher(value);
        if (!m.matches()) {
            throw new AwsException(400, INVALID_PARAMETER_VALUE, "The value " + value + " for parameter " + parameter
                    + " is invalid: use SampleCount, Average, Sum, Minimum, Maximum or a percentile p0.0 to p100.");
        }
    }

    private static int period(int period) throws AwsException {
        if (period < 60 || period % 60 != 0) {
            throw new AwsException(400, INVALID_PARAMETER_VALUE,
                    "The parameter Period must be a multiple of 60 (metrics are kept at one-minute resolution).");
        }
        return period;
    }

    private static void checkRange(Instant start, Instant end) throws AwsException {
        if (!start.isBefore(end)) {
            throw new AwsException(400, INVALID_PARAMETER_VALUE,
                    "The parameter StartTime must be less than the parameter EndTime.");
        }
    }

    private static void finite(double value, String parameter) throws AwsException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new AwsException(400, INVALID_PARAMETER_VALUE, "The value " + value + " for parameter " + parameter
                    + " is invalid.");
        }
    }

    private static List<Dimension> dimensions(Params p, String member, boolean valueRequired) throws AwsException {
        List<Params> list = p.list(member);
        List<Dimension> dimensions = new ArrayList<>();
        if (list == null) {
            return dimensions;
        }
        for (Params d : list) {
            String name = d.requiredString("Name");
            String value = valueRequired ? d.requiredString("Value") : d.string("Value");
            dimensions.add(new Dimension(name, value));
        }
        return dimensions;
    }

    // ------------------------------------------------------------------ value trees

    /** Typed access to one structure of the request, naming members as CloudWatch does in errors. */
    static final class Params {
        private final Map<String, Object> values;
        private final String path;
        private final boolean textual;

        Params(Map<String, Object> values, String path) {
            this(values, path, false);
        }

        Params(Map<String, Object> values, String path, boolean textual) {
            this.values = values;
            this.path = path;
            this.textual = textual;
        }

        /** A number from a form's text; anything else is left for the type check. */
        private Object fromText(String member, Object value) throws AwsException {
            if (textual && value instanceof String text) {
                try {
                    return Double.valueOf(text.trim());
                } catch (NumberFormatException e) {
                    throw new AwsException(400, INVALID_PARAMETER_VALUE, "The parameter " + name(member)
                            + " must be a number, not '" + text + "'.");
                }
            }
            return value;
        }

        String name(String member) {
            return path.isEmpty() ? member : path + "." + member;
        }

        private AwsException missing(String member) {
            return new AwsException(400, MISSING_PARAMETER, "The parameter " + name(member) + " is required.");
        }

        private AwsException wrongType(String member, String expected) {
            return new AwsException(400, AwsJson.SERIALIZATION, "The parameter " + name(member) + " must be " + expected + ".");
        }

        String string(String member) throws AwsException {
            Object value = values.get(member);
            if (value == null) {
                return null;
            }
            if (!(value instanceof String s)) {
                throw wrongType(member, "a string");
            }
            return s;
        }

        String requiredString(String member) throws AwsException {
            String value = string(member);
            if (value == null) {
                throw missing(member);
            }
            return value;
        }

        Double number(String member) throws AwsException {
            Object value = fromText(member, values.get(member));
            if (value == null) {
                return null;
            }
            if (!(value instanceof Number n)) {
                throw wrongType(member, "a number");
            }
            return n.doubleValue();
        }

        double requiredNumber(String member) throws AwsException {
            Double value = number(member);
            if (value == null) {
                throw missing(member);
            }
            return value;
        }

        Integer integer(String member) throws AwsException {
            Double value = number(member);
            if (value == null) {
                return null;
            }
            if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
                throw wrongType(member, "an integer");
            }
            return value.intValue();
        }

        int requiredInteger(String member) throws AwsException {
            Integer value = integer(member);
            if (value == null) {
                throw missing(member);
            }
            return value;
        }

        Boolean bool(String member) throws AwsException {
            Object value = values.get(member);
            if (value == null) {
                return null;
            }
            if (textual && value instanceof String text && (text.equals("true") || text.equals("false"))) {
                return Boolean.valueOf(text);
            }
            if (!(value instanceof Boolean b)) {
                throw wrongType(member, "a boolean");
            }
            return b;
        }

        /** A timestamp: CBOR tag 1, epoch seconds, or ISO-8601 text. */
        Instant instant(String member) throws AwsException {
            Object value = values.get(member);
            if (value == null) {
                return null;
            }
            if (value instanceof Instant instant) {
                return instant;
            }
            if (value instanceof Number n) {
                return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
            }
            if (value instanceof String text) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    throw new AwsException(400, INVALID_PARAMETER_VALUE, "The parameter " + name(member)
                            + " must be a timestamp.");
                }
            }
            throw wrongType(member, "a timestamp");
        }

        Instant requiredInstant(String member) throws AwsException {
            Instant value = instant(member);
            if (value == null) {
                throw missing(member);
            }
            return value;
        }

        Params object(String member) throws AwsException {
            Object value = values.get(member);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw wrongType(member, "a structure");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            return new Params(typed, name(member), textual);
        }

        Params requiredObject(String member) throws AwsException {
            Params value = object(member);
            if (value == null) {
                throw missing(member);
            }
            return value;
        }

        List<Params> list(String member) throws AwsException {
            Object value = values.get(member);
            if (value == null) {
                return null;
            }
            if (!(value instanceof List<?> list)) {
                throw wrongType(member, "a list");
            }
            List<Params> result = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> map)) {
                    throw wrongType(member, "a list of structures");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                result.add(new Params(typed, name(member) + ".member." + (i + 1), textual));
            }
            return result;
        }

        List<Params> requiredList(String member) throws AwsException {
            List<Params> value = list(member);
            if (value == null) {
                throw missing(member);
            }
            return value;
        }

        List<String> stringList(String member) throws AwsException {
            Object value = values.get(member);
            if (value == null) {
                return null;
            }
            if (!(value instanceof List<?> list)) {
                throw wrongType(member, "a list");
            }
            List<String> result = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw wrongType(member, "a list of strings");
                }
                result.add(s);
            }
            return result;
        }

        List<Double> numberList(String member) throws AwsException {
            Object value = values.get(member);
            if (value == null) {
                return null;
            }
            if (!(value instanceof List<?> list)) {
                throw wrongType(member, "a list");
            }
            List<Double> result = new ArrayList<>();
            for (Object raw : list) {
                Object item = fromText(member, raw);
                if (!(item instanceof Number n)) {
                    throw wrongType(member, "a list of numbers");
                }
                result.add(n.doubleValue());
            }
            return result;
        }
    }

    /**
     * A query-protocol form as a value tree: {@code A.B} is member B of structure A,
     * {@code A.member.N} the N-th item of list A (1-based, in index order); leaves stay text.
     */
    static Map<String, Object> fromQuery(Map<String, List<String>> parameters) throws AwsException {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String key = parameter.getKey();
            if (key.equals("Action") || key.equals("Version") || key.startsWith("X-Amz-")
                    || parameter.getValue().isEmpty()) {
                continue;
            }
            put(root, key.split("\\.", -1), 0, parameter.getValue().get(0), key);
        }
        return finish(root);
    }

    /** A list under construction, by 1-based index. */
    @SuppressWarnings("serial")
    private static final class Indexed extends java.util.TreeMap<Integer, Object> {
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> node, String[] parts, int at, String value, String key)
            throws AwsException {
        String name = parts[at];
        if (name.isEmpty()) {
            throw malformed(key);
        }
        Object existing = node.get(name);
        if (at == parts.length - 1) {
            if (existing != null) {
                throw malformed(key);
            }
            node.put(name, value);
            return;
        }
        if (parts[at + 1].equals("member")) {
            if (at + 2 >= parts.length || existing != null && !(existing instanceof Indexed)) {
                throw malformed(key);
            }
            int index;
            try {
                index = Integer.parseInt(parts[at + 2]);
            } catch (NumberFormatException e) {
                throw malformed(key);
            }
            if (index < 1 || index > 10_000) {
                throw malformed(key);
            }
            Indexed list = (Indexed) node.computeIfAbsent(name, n -> new Indexed());
            if (at + 2 == parts.length - 1) {
                if (list.putIfAbsent(index, value) != null) {
                    throw malformed(key);
                }
                return;
            }
            Object item = list.computeIfAbsent(index, i -> new LinkedHashMap<String, Object>());
            if (!(item instanceof LinkedHashMap<?, ?>)) {
                throw malformed(key);
            }
            put((Map<String, Object>) item, parts, at + 3, value, key);
            return;
        }
        if (existing != null && !(existing instanceof LinkedHashMap<?, ?>)) {
            throw malformed(key);
        }
        Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(name, n -> new LinkedHashMap<String, Object>());
        put(child, parts, at + 1, value, key);
    }

    private static AwsException malformed(String key) {
        return new AwsException(400, INVALID_PARAMETER_VALUE, "The parameter name " + key
                + " is not a valid query-protocol member (Name, Name.Member or Name.member.N).");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> finish(Map<String, Object> node) {
        node.replaceAll((name, value) -> finishValue(value));
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Object finishValue(Object value) {
        if (value instanceof Indexed list) {
            List<Object> items = new ArrayList<>(list.size());
            list.values().forEach(item -> items.add(finishValue(item)));
            return items;
        }
        if (value instanceof Map<?, ?> map) {
            return finish((Map<String, Object>) map);
        }
        return value;
    }

    /** A value tree member as query-protocol XML: lists as {@code member}s, maps as {@code entry}s. */
    private static void writeXml(AwsXml.Writer xml, String name, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            xml.start(name);
            if (MAP_MEMBERS.contains(name)) {
                map.forEach((k, v) -> {
                    xml.start("entry").element("key", String.valueOf(k));
                    writeXml(xml, "value", v);
                    xml.end();
                });
            } else {
                map.forEach((k, v) -> writeXml(xml, String.valueOf(k), v));
            }
            xml.end();
        } else if (value instanceof List<?> list) {
            xml.start(name);
            list.forEach(item -> writeXml(xml, "member", item));
            xml.end();
        } else if (value instanceof Instant instant) {
            xml.element(name, DateTimeFormatter.ISO_INSTANT.format(instant));
        } else if (value instanceof Double d) {
            xml.element(name, d.isNaN() || d.isInfinite() ? String.valueOf(d)
                    : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
        } else {
            xml.element(name, String.valueOf(value));
        }
    }

    static Map<String, Object> fromJson(JsonObject json) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
            map.put(entry.getKey(), fromJson(entry.getValue()));
        }
        return map;
    }

    private static Object fromJson(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (element.isJsonObject()) {
            return fromJson(element.getAsJsonObject());
        }
        if (element.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonElement item : element.getAsJsonArray()) {
                list.add(fromJson(item));
            }
            return list;
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isNumber()) {
            BigDecimal number = primitive.getAsBigDecimal();
            return number.stripTrailingZeros().scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                    ? (Object) number.longValue() : (Object) number.doubleValue();
        }
        return primitive.getAsString();
    }

    static JsonElement toJson(Object value) {
        if (value == null) {
            return com.google.gson.JsonNull.INSTANCE;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject json = new JsonObject();
            map.forEach((k, v) -> json.add(String.valueOf(k), toJson(v)));
            return json;
        }
        if (value instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Instant instant) {
            // JSON 1.0 timestamps are epoch seconds
            return new JsonPrimitive(BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3));
        }
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        return new JsonPrimitive(String.valueOf(value));
    }
}

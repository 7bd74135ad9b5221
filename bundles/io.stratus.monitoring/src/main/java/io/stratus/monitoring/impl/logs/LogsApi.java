package io.stratus.monitoring.impl.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.api.AwsResponse;
import io.stratus.aws.api.AwsService;
import io.stratus.aws.codec.AwsJson;
import io.stratus.aws.codec.JsonBody;
import io.stratus.monitoring.impl.logs.LogStore.Event;
import io.stratus.monitoring.impl.logs.LogStore.Group;
import io.stratus.monitoring.impl.logs.LogStore.NewEvent;
import io.stratus.monitoring.impl.logs.LogStore.Stream;

/**
 * The CloudWatch Logs API (JSON 1.1, {@code X-Amz-Target: Logs_20140328.*}) over a {@link LogStore}:
 * groups, streams, retention, writing events and reading them by stream or by filter, in the shapes
 * and with the errors of the CloudWatch Logs API Reference.
 */
public final class LogsApi implements AwsService {

    static final String INVALID_PARAMETER = "InvalidParameterException";
    static final String NOT_FOUND = "ResourceNotFoundException";
    static final String ALREADY_EXISTS = "ResourceAlreadyExistsException";

    /** The retention values CloudWatch Logs accepts, in days. */
    static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
            1096, 1827, 2192, 2557, 2922, 3288, 3653);
    static final Pattern GROUP_NAME = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");
    static final int MAX_BODY = 2 * 1024 * 1024;
    static final int MAX_BATCH_BYTES = 1_048_576;
    static final int MAX_BATCH_EVENTS = 10_000;
    static final int MAX_EVENT_BYTES = 1_048_576 - 26;
    static final long MAX_AGE_MILLIS = TimeUnit.DAYS.toMillis(14);
    static final long MAX_FUTURE_MILLIS = TimeUnit.HOURS.toMillis(2);

    private final LogStore store;
    private final Supplier<Clock> clock;
    private final String region;
    private final String account;

    public LogsApi(LogStore store, Supplier<Clock> clock, String region, String account) {
        this.store = store;
        this.clock = clock;
        this.region = region;
        this.account = account;
    }

    /**
     * Each operation's IAM action on the resource the Service Authorization Reference names: the
     * log group ({@code arn:aws:logs:region:account:log-group:name}) for group operations, stream
     * listings and FilterLogEvents (what {@code aws logs tail} calls), the log stream
     * ({@code ...:log-group:name:log-stream:stream}) for PutLogEvents, GetLogEvents and
     * DeleteLogStream, and every group ({@code ...:log-group:*}) for DescribeLogGroups. A request
     * whose names are missing or malformed is answered as the operation would answer it.
     */
    @Override
    public List<AccessRequest> access(AwsRequest request) throws AwsException, IOException {
        String operation = request.target();
        JsonBody body = AwsJson.parseObject(request.body(MAX_BODY), AwsProtocol.JSON_1_1);
        String resource = switch (operation == null ? "" : operation) {
            case "CreateLogGroup", "DeleteLogGroup", "PutRetentionPolicy", "DeleteRetentionPolicy", "CreateLogStream" ->
                    groupArn(groupName(body, "logGroupName"));
            case "DescribeLogStreams", "FilterLogEvents" -> groupArn(groupOf(body));
            case "PutLogEvents", "GetLogEvents" -> groupArn(groupOf(body)) + ":log-stream:" + streamName(body);
            case "DeleteLogStream" -> groupArn(groupName(body, "logGroupName")) + ":log-stream:" + streamName(body);
            case "DescribeLogGroups" -> groupArn("*");
            default -> throw unknownOperation(operation);
        };
        return List.of(new AccessRequest("logs:" + operation, resource));
    }

    private static AwsException unknownOperation(String operation) {
        return new AwsException(400, "UnknownOperationException",
                "The operation " + operation + " is not served by this CloudWatch Logs endpoint");
    }

    @Override
    public void handle(AwsRequest request, AwsResponse response) throws AwsException, IOException {
        String operation = request.target();
        JsonBody body = AwsJson.parseObject(request.body(MAX_BODY), AwsProtocol.JSON_1_1);
        JsonObject answer = switch (operation == null ? "" : operation) {
            case "CreateLogGroup" -> createLogGroup(body);
            case "CreateLogStream" -> createLogStream(body);
            case "DeleteLogGroup" -> deleteLogGroup(body);
            case "DeleteLogStream" -> deleteLogStream(body);
            case "PutRetentionPolicy" -> putRetentionPolicy(body);
            case "DeleteRetentionPolicy" -> deleteRetentionPolicy(body);
            case "DescribeLogGroups" -> describeLogGroups(body);
            case "DescribeLogStreams" -> describeLogStreams(body);
            case "PutLogEvents" -> putLogEvents(body);
            case "GetLogEvents" -> getLogEvents(body);
            case "FilterLogEvents" -> filterLogEvents(body);
            default -> throw unknownOperation(operation);
        };
        response.status(200);
        response.body("application/x-amz-json-1.1", AwsJson.toBytes(answer));
    }

    private long now() {
        return clock.get().millis();
    }

    // ------------------------------------------------------------------ groups

    private JsonObject createLogGroup(JsonBody body) throws AwsException, IOException {
        String name = groupName(body, "logGroupName");
        if (store.createGroup(name, now(), null) == null) {
            throw new AwsException(400, ALREADY_EXISTS, "The specified log group already exists");
        }
        return new JsonObject();
    }

    private JsonObject deleteLogGroup(JsonBody body) throws AwsException, IOException {
        String name = groupName(body, "logGroupName");
        if (!store.deleteGroup(name)) {
            throw groupNotFound();
        }
        return new JsonObject();
    }

    private JsonObject putRetentionPolicy(JsonBody body) throws AwsException, IOException {
        Group group = existingGroup(groupName(body, "logGroupName"));
        Integer days = body.integer("retentionInDays");
        if (days == null) {
            throw missing("retentionInDays");
        }
        if (!RETENTION_DAYS.contains(days)) {
            throw new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value '" + days
                    + "' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: "
                    + RETENTION_DAYS.stream().sorted().toList());
        }
        store.setRetention(group, days);
        return new JsonObject();
    }

    private JsonObject deleteRetentionPolicy(JsonBody body) throws AwsException, IOException {
        store.setRetention(existingGroup(groupName(body, "logGroupName")), null);
        return new JsonObject();
    }

    private JsonObject describeLogGroups(JsonBody body) throws AwsException {
        String prefix = body.string("logGroupNamePrefix");
        String pattern = body.string("logGroupNamePattern");
        if (prefix != null && pattern != null) {
            throw new AwsException(400, INVALID_PARAMETER,
                    "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        }
        int limit = limit(body, 50, 50);
        String after = token(body);
        List<Group> matching = new ArrayList<>();
        for (Group group : store.groups()) {
            if ((prefix == null || group.name().startsWith(prefix))
                    && (pattern == null || group.name().toLowerCase().contains(pattern.toLowerCase()))
                    && (after == null || group.name().compareTo(after) > 0)) {
                matching.add(group);
            }
        }
        JsonArray groups = new JsonArray();
        for (Group group : matching.subList(0, Math.min(limit, matching.size()))) {
            JsonObject json = new JsonObject();
            json.addProperty("logGroupName", group.name());
            json.addProperty("creationTime", group.creationTime());
            Integer retention = group.retentionInDays();
            if (retention != null) {
                json.addProperty("retentionInDays", retention);
            }
            json.addProperty("metricFilterCount", 0);
            json.addProperty("arn", groupArn(group.name()) + ":*");
            json.addProperty("storedBytes", group.storedBytes());
            json.addProperty("logGroupClass", "STANDARD");
            json.addProperty("logGroupArn", groupArn(group.name()));
            groups.add(json);
        }
        JsonObject answer = new JsonObject();
        answer.add("logGroups", groups);
        if (matching.size() > limit) {
            answer.addProperty("nextToken", encodeToken(matching.get(limit - 1).name()));
        }
        return answer;
    }

    // ------------------------------------------------------------------ streams

    private JsonObject createLogStream(JsonBody body) throws AwsException, IOException {
        Group group = existingGroup(groupName(body, "logGroupName"));
        String name = streamName(body);
        if (store.createStream(group, name, now()) == null) {
            throw new AwsException(400, ALREADY_EXISTS, "The specified log stream already exists");
        }
        return new JsonObject();
    }

    private JsonObject deleteLogStream(JsonBody body) throws AwsException, IOException {
        Group group = existingGroup(groupName(body, "logGroupName"));
        if (!store.deleteStream(group, streamName(body))) {
            throw streamNotFound();
        }
        return new JsonObject();
    }

    private JsonObject describeLogStreams(JsonBody body) throws AwsException {
        Group group = existingGroup(groupOf(body));
        String prefix = body.string("logStreamNamePrefix");
        String orderBy = body.string("orderBy");
        if (orderBy != null && !orderBy.equals("LogStreamName") && !orderBy.equals("LastEventTime")) {
            throw new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value '" + orderBy
                    + "' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]");
        }
        boolean byTime = "LastEventTime".equals(orderBy);
        if (byTime && prefix != null) {
            throw new AwsException(400, INVALID_PARAMETER, "Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        boolean descending = Boolean.TRUE.equals(body.bool("descending"));
        int limit = limit(body, 50, 50);
        int offset = offsetToken(body);
        List<Stream> streams = new ArrayList<>();
        for (Stream stream : group.streams()) {
            if (prefix == null || stream.name().startsWith(prefix)) {
                streams.add(stream);
            }
        }
        Comparator<Stream> order = byTime
                ? Comparator.comparingLong((Stream s) -> s.lastEventTimestamp() == null ? s.creationTime()
                        : s.lastEventTimestamp()).thenComparing(Stream::name)
                : Comparator.comparing(Stream::name);
        streams.sort(descending ? order.reversed() : order);
        JsonArray list = new JsonArray();
        int end = Math.min(streams.size(), offset + limit);
        for (Stream stream : streams.subList(Math.min(offset, streams.size()), end)) {
            JsonObject json = new JsonObject();
            json.addProperty("logStreamName", stream.name());
            json.addProperty("creationTime", stream.creationTime());
            Long first = stream.firstEventTimestamp();
            if (first != null) {
                json.addProperty("firstEventTimestamp", first);
                json.addProperty("lastEventTimestamp", stream.lastEventTimestamp());
                json.addProperty("lastIngestionTime", stream.lastIngestionTime());
            }
            json.addProperty("arn", groupArn(group.name()) + ":log-stream:" + stream.name());
            json.addProperty("storedBytes", 0);
            list.add(json);
        }
        JsonObject answer = new JsonObject();
        answer.add("logStreams", list);
        if (end < streams.size()) {
            answer.addProperty("nextToken", encodeToken(Integer.toString(end)));
        }
        return answer;
    }

    // ------------------------------------------------------------------ events

    private JsonObject putLogEvents(JsonBody body) throws AwsException, IOException {
        Group group = existingGroup(groupOf(body));
        String streamName = streamName(body);
        JsonElement eventsJson = body.json().get("logEvents");
        if (eventsJson == null || eventsJson.isJsonNull()) {
            throw missing("logEvents");
        }
        if (!eventsJson.isJsonArray()) {
            throw new AwsException(400, AwsJson.SERIALIZATION, "Could not parse request body into json: member 'logEvents' must be an array");
        }
        JsonArray array = eventsJson.getAsJsonArray();
        if (array.isEmpty() || array.size() > MAX_BATCH_EVENTS) {
            throw new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value at 'logEvents' failed to "
                    + "satisfy constraint: Member must have length less than or equal to 10000 and greater than or equal to 1");
        }
        List<NewEvent> events = new ArrayList<>(array.size());
        long batchBytes = 0;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < array.size(); i++) {
            JsonElement element = array.get(i);
            if (!element.isJsonObject()) {
                throw new AwsException(400, AwsJson.SERIALIZATION, "Could not parse request body into json: logEvents[" + i + "] must be an object");
            }
            JsonObject event = element.getAsJsonObject();
            if (!event.has("timestamp") || !event.get("timestamp").isJsonPrimitive()
                    || !event.getAsJsonPrimitive("timestamp").isNumber()) {
                throw new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value null at 'logEvents."
                        + (i + 1) + ".member.timestamp' failed to satisfy constraint: Member must not be null");
            }
            if (!event.has("message") || !event.get("message").isJsonPrimitive()) {
                throw new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value null at 'logEvents."
                        + (i + 1) + ".member.message' failed to satisfy constraint: Member must not be null");
            }
            long timestamp = event.get("timestamp").getAsLong();
            String message = event.get("message").getAsString();
            int size = message.getBytes(StandardCharsets.UTF_8).length;
            if (size == 0) {
                throw new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value at 'logEvents."
                        + (i + 1) + ".member.message' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            if (size > MAX_EVENT_BYTES) {
                throw new AwsException(400, INVALID_PARAMETER, "Log event too large: " + size + " bytes exceeds limit of "
                        + MAX_EVENT_BYTES);
            }
            if (timestamp < previous) {
                throw new AwsException(400, INVALID_PARAMETER,
                        "Log events in a single PutLogEvents request must be in chronological order.");
            }
            previous = timestamp;
            batchBytes += size + 26;
            events.add(new NewEvent(timestamp, message));
        }
        if (batchBytes > MAX_BATCH_BYTES) {
            throw new AwsException(400, INVALID_PARAMETER, "Upload too large: " + batchBytes
                    + " bytes exceeds limit of " + MAX_BATCH_BYTES);
        }
        Stream stream = group.stream(streamName);
        if (stream == null) {
            throw streamNotFound();
        }
        long now = now();
        Integer retention = group.retentionInDays();
        long oldest = now - (retention == null ? MAX_AGE_MILLIS : Math.min(MAX_AGE_MILLIS, TimeUnit.DAYS.toMillis(retention)));
        long newest = now + MAX_FUTURE_MILLIS;
        int tooOldEnd = 0;
        while (tooOldEnd < events.size() && events.get(tooOldEnd).timestamp() < oldest) {
            tooOldEnd++;
        }
        int tooNewStart = events.size();
        while (tooNewStart > tooOldEnd && events.get(tooNewStart - 1).timestamp() > newest) {
            tooNewStart--;
        }
        List<NewEvent> accepted = events.subList(tooOldEnd, tooNewStart);
        if (!accepted.isEmpty()) {
            store.append(stream, accepted, now);
            // acknowledged means durable
            store.sync();
        }
        JsonObject answer = new JsonObject();
        if (tooOldEnd > 0 || tooNewStart < events.size()) {
            JsonObject rejected = new JsonObject();
            if (tooOldEnd > 0) {
                rejected.addProperty("tooOldLogEventEndIndex", tooOldEnd);
            }
            if (tooNewStart < events.size()) {
                rejected.addProperty("tooNewLogEventStartIndex", tooNewStart);
            }
            answer.add("rejectedLogEventsInfo", rejected);
        }
        answer.addProperty("nextSequenceToken", Long.toString(stream.size()));
        return answer;
    }

    private JsonObject getLogEvents(JsonBody body) throws AwsException {
        Group group = existingGroup(groupOf(body));
        Stream stream = group.stream(streamName(body));
        if (stream == null) {
            throw streamNotFound();
        }
        int limit = limit(body, 10_000, 10_000);
        Long startTime = longMember(body, "startTime");
        Long endTime = longMember(body, "endTime");
        boolean fromHead = Boolean.TRUE.equals(body.bool("startFromHead"));
        String token = body.string("nextToken");

        // the events in [startTime, endTime) are one run of the timestamp-sorted index
        int first = startTime == null ? 0 : stream.firstAtOrAfter(startTime);
        int count = Math.max(0, (endTime == null ? stream.size() : stream.firstAtOrAfter(endTime)) - first);
        int from;
        int to;
        if (token != null) {
            boolean forward;
            int position;
            if (token.startsWith("f/") || token.startsWith("b/")) {
                forward = token.charAt(0) == 'f';
                try {
                    position = Integer.parseInt(token.substring(2));
                } catch (NumberFormatException e) {
                    throw invalidToken();
                }
            } else {
                throw invalidToken();
            }
            if (position < 0 || position > count) {
                position = Math.max(0, Math.min(position, count));
            }
            if (forward) {
                from = position;
                to = Math.min(count, position + limit);
            } else {
                to = position;
                from = Math.max(0, position - limit);
            }
        } else if (fromHead) {
            from = 0;
            to = Math.min(count, limit);
        } else {
            to = count;
            from = Math.max(0, to - limit);
        }
        List<Event> events = read(stream, first + from, first + to);
        JsonArray list = new JsonArray();
        for (Event event : events) {
            JsonObject json = new JsonObject();
            json.addProperty("timestamp", event.timestamp());
            json.addProperty("message", event.message());
            json.addProperty("ingestionTime", event.ingestionTime());
            list.add(json);
        }
        JsonObject answer = new JsonObject();
        answer.add("events", list);
        // at the end, the forward token repeats: that is how clients see there is nothing newer
        answer.addProperty("nextForwardToken", "f/" + to);
        answer.addProperty("nextBackwardToken", "b/" + from);
        return answer;
    }

    private static final int FILTER_CHUNK = 1_000;

    private static List<Event> read(Stream stream, int from, int to) throws AwsException {
        try {
            return stream.read(from, to);
        } catch (IOException e) {
            throw new AwsException(500, "ServiceUnavailableException", "Could not read the log stream: " + e.getMessage());
        }
    }

    /** One event of a filter answer, with where it came from. */
    private record Found(String stream, Event event) {
    }

    private static final Comparator<Found> FILTER_ORDER = Comparator
            .comparingLong((Found f) -> f.event().timestamp()).thenComparing(Found::stream)
            .thenComparingLong(f -> f.event().seq());

    private JsonObject filterLogEvents(JsonBody body) throws AwsException {
        Group group = existingGroup(groupOf(body));
        List<String> names = stringList(body, "logStreamNames");
        String prefix = body.string("logStreamNamePrefix");
        if (names != null && prefix != null) {
            throw new AwsException(400, INVALID_PARAMETER,
                    "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
        }
        Long startTime = longMember(body, "startTime");
        Long endTime = longMember(body, "endTime");
        int limit = limit(body, 10_000, 10_000);
        FilterPattern pattern;
        try {
            pattern = FilterPattern.parse(body.string("filterPattern"));
        } catch (IllegalArgumentException e) {
            throw new AwsException(400, INVALID_PARAMETER, e.getMessage());
        }
        Found after = null;
        String token = body.string("nextToken");
        if (token != null) {
            after = decodeFilterToken(token);
        }
        List<Found> found = new ArrayList<>();
        for (Stream stream : group.streams()) {
            if ((names != null && !names.contains(stream.name()))
                    || (prefix != null && !stream.name().startsWith(prefix))) {
                continue;
            }
            // the stream's index is in filter order already (timestamp, then arrival): read it in chunks
            // from the first candidate and stop once limit + 1 matches are found
            int position = stream.firstAtOrAfter(Math.max(startTime == null ? Long.MIN_VALUE : startTime,
                    after == null ? Long.MIN_VALUE : after.event().timestamp()));
            int end = endTime == null || endTime == Long.MAX_VALUE ? stream.size() : stream.firstAtOrAfter(endTime + 1);
            int matches = 0;
            while (position < end && matches <= limit) {
                int chunkEnd = Math.min(end, position + FILTER_CHUNK);
                for (Event event : read(stream, position, chunkEnd)) {
                    if (!pattern.matches(event.message())) {
                        continue;
                    }
                    Found candidate = new Found(stream.name(), event);
                    if (after == null || FILTER_ORDER.compare(candidate, after) > 0) {
                        found.add(candidate);
                        if (++matches > limit) {
                            break;
                        }
                    }
                }
                position = chunkEnd;
            }
        }
        found.sort(FILTER_ORDER);
        JsonArray events = new JsonArray();
        for (Found f : found.subList(0, Math.min(limit, found.size()))) {
            JsonObject json = new JsonObject();
            json.addProperty("logStreamName", f.stream());
            json.addProperty("timestamp", f.event().timestamp());
            json.addProperty("message", f.event().message());
            json.addProperty("ingestionTime", f.event().ingestionTime());
            json.addProperty("eventId", eventId(f.stream(), f.event()));
            events.add(json);
        }
        JsonObject answer = new JsonObject();
        answer.add("events", events);
        answer.add("searchedLogStreams", new JsonArray());
        if (found.size() > limit) {
            answer.addProperty("nextToken", filterToken(found.get(limit - 1)));
        }
        return answer;
    }

    /* Stable per event (stream name and arrival number), so pollers can drop events they have seen. */
    public static String eventId(String stream, Event event) {
        long streamHash = stream.hashCode() & 0xffffffffL;
        return String.format("%d%010d%010d", event.timestamp(), streamHash, event.seq());
    }

    private static String filterToken(Found found) {
        String raw = found.event().timestamp() + "/" + found.event().seq() + "/" + found.stream();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Found decodeFilterToken(String token) throws AwsException {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("/", 3);
            return new Found(parts[2], new Event(Long.parseLong(parts[0]), 0, Long.parseLong(parts[1]), ""));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw invalidToken();
        }
    }

    // ------------------------------------------------------------------ parameters

    private String groupOf(JsonBody body) throws AwsException {
        String name = body.string("logGroupName");
        String identifier = body.string("logGroupIdentifier");
        if (name != null && identifier != null) {
            throw new AwsException(400, INVALID_PARAMETER,
                    "LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }
        if (identifier != null) {
            String arnPrefix = "arn:aws:logs:";
            if (identifier.startsWith(arnPrefix)) {
                int at = identifier.indexOf(":log-group:");
                if (at < 0) {
                    throw new AwsException(400, INVALID_PARAMETER, "Invalid log group ARN: " + identifier);
                }
                String rest = identifier.substring(at + ":log-group:".length());
                return rest.endsWith(":*") ? rest.substring(0, rest.length() - 2) : rest;
            }
            return identifier;
        }
        return groupName(body, "logGroupName");
    }

    private static String groupName(JsonBody body, String member) throws AwsException {
        String name = body.string(member);
        if (name == null) {
            throw missing(member);
        }
        if (!GROUP_NAME.matcher(name).matches()) {
            throw new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value '" + name + "' at '"
                    + member + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "[\\.\\-_/#A-Za-z0-9]+ and have length between 1 and 512");
        }
        return name;
    }

    private static String streamName(JsonBody body) throws AwsException {
        String name = body.string("logStreamName");
        if (name == null) {
            throw missing("logStreamName");
        }
        if (name.isEmpty() || name.length() > 512 || name.indexOf(':') >= 0 || name.indexOf('*') >= 0) {
            throw new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value '" + name
                    + "' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: [^:*]* and have length between 1 and 512");
        }
        return name;
    }

    private Group existingGroup(String name) throws AwsException {
        Group group = store.group(name);
        if (group == null) {
            throw groupNotFound();
        }
        return group;
    }

    private static int limit(JsonBody body, int max, int defaultValue) throws AwsException {
        Integer limit = body.integer("limit");
        if (limit == null) {
            return defaultValue;
        }
        if (limit < 1 || limit > max) {
            throw new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to " + max
                    + " and greater than or equal to 1");
        }
        return limit;
    }

    private static Long longMember(JsonBody body, String member) throws AwsException {
        JsonElement value = body.json().get(member);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new AwsException(400, AwsJson.SERIALIZATION,
                    "Could not parse request body into json: member '" + member + "' must be a number");
        }
        long number = value.getAsLong();
        if (number < 0) {
            throw new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value '" + number + "' at '"
                    + member + "' failed to satisfy constraint: Member must have value greater than or equal to 0");
        }
        return number;
    }

    private static List<String> stringList(JsonBody body, String member) throws AwsException {
        JsonElement value = body.json().get(member);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonArray()) {
            throw new AwsException(400, AwsJson.SERIALIZATION,
                    "Could not parse request body into json: member '" + member + "' must be an array");
        }
        List<String> list = new ArrayList<>();
        for (JsonElement item : value.getAsJsonArray()) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw new AwsException(400, AwsJson.SERIALIZATION,
                        "Could not parse request body into json: member '" + member + "' must hold strings");
            }
            list.add(item.getAsString());
        }
        return list;
    }

    private static String token(JsonBody body) throws AwsException {
        String token = body.string("nextToken");
        if (token == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidToken();
        }
    }

    private static int offsetToken(JsonBody body) throws AwsException {
        String token = token(body);
        if (token == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(token));
        } catch (NumberFormatException e) {
            throw invalidToken();
        }
    }

    private static String encodeToken(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private String groupArn(String name) {
        return "arn:aws:logs:" + region + ":" + account + ":log-group:" + name;
    }

    private static AwsException missing(String member) {
        return new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }

    private static AwsException invalidToken() {
        return new AwsException(400, INVALID_PARAMETER, "The specified nextToken is not valid.");
    }

    private static AwsException groupNotFound() {
        return new AwsException(400, NOT_FOUND, "The specified log group does not exist.");
    }

    private static AwsException streamNotFound() {
        return new AwsException(400, NOT_FOUND, "The specified log stream does not exist.");
    }
}

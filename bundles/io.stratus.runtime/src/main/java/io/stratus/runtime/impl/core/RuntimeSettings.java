package io.stratus.runtime.impl.core;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything the host is configured with.
 *
 * @param region                 AWS region the platform answers for
 * @param account                12-digit account id
 * @param awsPort                port of the AWS endpoint (for AWS_ENDPOINT_URL)
 * @param dataDirectory          the platform's data directory; the runtime keeps {@code runtime/} in it
 * @param accountConcurrency     account-wide concurrency limit
 * @param stuckThreadGraceMillis how long a timed-out thread may take to stop before it counts as stuck
 * @param clock                  wall clock (retries, event age, timestamps); durations use nanoTime
 * @param processEnvironment     the environment beneath every function's own variables
 */
public record RuntimeSettings(String region, String account, int awsPort, Path dataDirectory, int accountConcurrency,
        long stuckThreadGraceMillis, Supplier<Clock> clock, Map<String, String> processEnvironment) {

    public RuntimeSettings {
        processEnvironment = Map.copyOf(processEnvironment);
    }

    public String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
    }

    /** The role functions run with when they declare none. */
    public String defaultRole() {
        return "arn:aws:iam::" + account + ":role/stratus-lambda-basic-execution";
    }

    public Path runtimeDirectory() {
        return dataDirectory.resolve("runtime");
    }
}

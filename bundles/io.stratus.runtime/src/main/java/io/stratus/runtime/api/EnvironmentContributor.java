package io.stratus.runtime.api;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard hook: variables a platform service adds to the environment of a function's new
 * execution environments, such as the temporary credentials of the function's execution role
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}), which
 * IAM supplies. The runtime calls the highest-ranked one at every cold start, on the invoking
 * thread, never for a warm invocation: keep it cheap and let it not fail. A variable it returns
 * replaces the function's own of the same name.
 */
@ConsumerType
public interface EnvironmentContributor {

    /**
     * @param function the function's name
     * @param role     its execution role ARN, or null when it has none
     * @return the variables to add; empty for none
     */
    Map<String, String> environment(String function, String role);
}

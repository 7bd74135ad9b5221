package io.stratus.iam.impl;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.stratus.iam.api.ResourcePolicies;
import io.stratus.iam.impl.policy.MalformedPolicyException;
import io.stratus.iam.impl.policy.Policy;
import io.stratus.iam.impl.policy.PolicyEvaluator;
import io.stratus.iam.impl.policy.PolicyParser;

/** Resource-based policies checked and evaluated with the same parser and evaluator as identity policies. */
@Component
public final class ResourcePolicyEvaluation implements ResourcePolicies {

    @Override
    public void validate(String document) {
        parse(document);
    }

    @Override
    public Decision evaluate(String document, String service, String action, String resource,
            Map<String, String> context) {
        Map<String, List<String>> keys = new HashMap<>();
        context.forEach((key, value) -> {
            if (value != null) {
                keys.put(key.toLowerCase(Locale.ROOT), List.of(value));
            }
        });
        PolicyEvaluator.Result result = PolicyEvaluator.evaluateResource(parse(document), service, action, resource,
                keys);
        return new Decision(result.allowed(), result.reason());
    }

    private static Policy parse(String document) {
        try {
            return PolicyParser.parse("resource-based policy", document, PolicyParser.Kind.RESOURCE);
        } catch (MalformedPolicyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}

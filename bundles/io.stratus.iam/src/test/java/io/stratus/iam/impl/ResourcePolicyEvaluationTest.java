package io.stratus.iam.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

import io.stratus.iam.api.ResourcePolicies;

/** A function's resource-based policy as S3 and EventBridge triggers ask about it. */
public class ResourcePolicyEvaluationTest {

    private static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:thumbs";
    private final ResourcePolicies policies = new ResourcePolicyEvaluation();

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static String statement(String sid, String effect, String service, String sourceArn) {
        return "{\"Sid\":\"" + sid + "\",\"Effect\":\"" + effect + "\",\"Principal\":{\"Service\":\"" + service
                + "\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"" + FUNCTION + "\",\"Condition\":{"
                + "\"ArnLike\":{\"AWS:SourceArn\":\"" + sourceArn + "\"},"
                + "\"StringEquals\":{\"AWS:SourceAccount\":\"123456789012\"}}}";
    }

    private boolean allows(String document, String service, String sourceArn, String account) {
        return policies.evaluate(document, service, "lambda:InvokeFunction", FUNCTION,
                account == null ? Map.of("AWS:SourceArn", sourceArn)
                        : Map.of("AWS:SourceArn", sourceArn, "AWS:SourceAccount", account)).allowed();
    }

    @Test
    public void theNamedServiceMayInvokeForAMatchingSourceAndAccountOnly() {
        String document = policy(statement("s3", "Allow", "s3.amazonaws.com", "arn:aws:s3:::photos-*"));

        assertTrue(allows(document, "s3.amazonaws.com", "arn:aws:s3:::photos-2026", "123456789012"));
        assertFalse(allows(document, "s3.amazonaws.com", "arn:aws:s3:::logs", "123456789012"));
        assertFalse(allows(document, "s3.amazonaws.com", "arn:aws:s3:::photos-2026", "999999999999"));
        assertFalse("a missing SourceAccount fails StringEquals",
                allows(document, "s3.amazonaws.com", "arn:aws:s3:::photos-2026", null));
        assertFalse(allows(document, "events.amazonaws.com", "arn:aws:s3:::photos-2026", "123456789012"));
    }

    @Test
    public void anotherActionOrResourceIsNotAllowed() {
        String document = policy(statement("s3", "Allow", "s3.amazonaws.com", "arn:aws:s3:::photos"));
        Map<String, String> context = Map.of("AWS:SourceArn", "arn:aws:s3:::photos", "AWS:SourceAccount", "123456789012");

        assertFalse(policies.evaluate(document, "s3.amazonaws.com", "lambda:GetFunction", FUNCTION, context).allowed());
        assertFalse(policies.evaluate(document, "s3.amazonaws.com", "lambda:InvokeFunction", FUNCTION + ":live", context)
                .allowed());
    }

    @Test
    public void anExplicitDenyWinsWhateverTheOrder() {
        String allow = statement("any", "Allow", "s3.amazonaws.com", "arn:aws:s3:::*");
        String deny = statement("notSecrets", "Deny", "s3.amazonaws.com", "arn:aws:s3:::secrets");

        for (String document : new String[] { policy(allow, deny), policy(deny, allow) }) {
            assertTrue(allows(document, "s3.amazonaws.com", "arn:aws:s3:::photos", "123456789012"));
            ResourcePolicies.Decision denied = policies.evaluate(document, "s3.amazonaws.com",
                    "lambda:InvokeFunction", FUNCTION,
                    Map.of("aws:sourcearn", "arn:aws:s3:::secrets", "aws:sourceaccount", "123456789012"));
            assertFalse(denied.allowed());
            assertTrue(denied.reason(), denied.reason().contains("notSecrets"));
        }
    }

    @Test
    public void malformedResourcePoliciesAreRefused() {
        policies.validate(policy(statement("s3", "Allow", "s3.amazonaws.com", "arn:aws:s3:::photos")));
        String noPrincipal = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"" + FUNCTION + "\"}]}";
        String noResource = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\"}]}";
        String badOperator = policy(statement("s3", "Allow", "s3.amazonaws.com", "x").replace("ArnLike", "ArnSortOf"));
        for (String document : new String[] { noPrincipal, noResource, badOperator, "not json" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> policies.validate(document));
            assertFalse(e.getMessage().isEmpty());
        }
        assertEquals(IllegalArgumentException.class, assertThrows(IllegalArgumentException.class,
                () -> policies.evaluate(noPrincipal, "s3.amazonaws.com", "lambda:InvokeFunction", FUNCTION, Map.of()))
                .getClass());
    }
}

package io.stratus.iam.impl.policy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

/** Documents that are not IAM policy grammar are refused with a message naming the problem. */
public class PolicyParserTest {

    private static void assertMalformed(String document, String messagePart, PolicyParser.Kind kind) {
        try {
            PolicyParser.parse("p", document, kind);
            fail("accepted: " + document);
        } catch (MalformedPolicyException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(messagePart));
        }
    }

    private static void assertMalformed(String document, String messagePart) {
        assertMalformed(document, messagePart, PolicyParser.Kind.IDENTITY);
    }

    @Test
    public void refusesTextThatIsNotJson() {
        assertMalformed("{\"Version\": ", "not JSON");
        assertMalformed("", "empty");
        assertMalformed("[]", "JSON object");
    }

    @Test
    public void refusesAnUnknownVersion() {
        assertMalformed("{\"Version\": \"2020-01-01\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}",
                "valid version");
    }

    @Test
    public void refusesMissingOrWrongEffect() {
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statement\": {\"Action\": \"*\", \"Resource\": \"*\"}}", "Effect");
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"allow\", \"Action\": \"*\", \"Resource\": \"*\"}}",
                "Invalid effect");
    }

    @Test
    public void refusesActionAndNotActionTogetherOrNeither() {
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Resource\": \"*\"}}", "Action");
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"NotAction\": \"iam:*\", \"Resource\": \"*\"}}",
                "not both");
    }

    @Test
    public void refusesActionsWithoutAService() {
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"GetObject\", \"Resource\": \"*\"}}",
                "vendor");
    }

    @Test
    public void identityPoliciesNeedAResourceAndNoPrincipal() {
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\"}}", "Resource");
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}",
                "principal");
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"bucket\"}}",
                "ARN");
    }

    @Test
    public void trustPoliciesNeedAPrincipal() throws MalformedPolicyException {
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"}}",
                "Principal", PolicyParser.Kind.TRUST);
        Policy trust = PolicyParser.parse("trust", "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", "
                + "\"Principal\": {\"Service\": \"lambda.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}}", PolicyParser.Kind.TRUST);
        assertEquals("Service:lambda.amazonaws.com", trust.statements().get(0).principals().get(0));
    }

    @Test
    public void refusesUnknownConditionOperatorsAndElements() {
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", "
                + "\"Condition\": {\"StringSortOf\": {\"s3:prefix\": \"a\"}}}}", "Condition type");
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", "
                + "\"Condition\": {\"NullIfExists\": {\"s3:prefix\": \"true\"}}}}", "Condition type");
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statemnt\": []}", "unknown element");
        assertMalformed("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"Sid\": \"has space\"}}",
                "alpha-numeric");
    }

    @Test
    public void acceptsASingleStatementObjectAndStringLists() throws MalformedPolicyException {
        Policy policy = PolicyParser.parse("p", "{\"Version\": \"2012-10-17\", \"Statement\": {\"Sid\": \"S1\", \"Effect\": \"Deny\", "
                + "\"NotAction\": [\"s3:GetObject\", \"s3:ListBucket\"], \"NotResource\": \"arn:aws:s3:::a/*\"}}", PolicyParser.Kind.IDENTITY);
        assertEquals(1, policy.statements().size());
        assertEquals(2, policy.statements().get(0).notActions().size());
        assertEquals("S1", policy.statements().get(0).sid());
    }
}

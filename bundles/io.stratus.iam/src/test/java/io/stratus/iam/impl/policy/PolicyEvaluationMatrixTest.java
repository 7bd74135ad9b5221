package io.stratus.iam.impl.policy;

import static io.stratus.iam.impl.policy.PolicyEvaluator.Outcome.ALLOW;
import static io.stratus.iam.impl.policy.PolicyEvaluator.Outcome.EXPLICIT_DENY;
import static io.stratus.iam.impl.policy.PolicyEvaluator.Outcome.IMPLICIT_DENY;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import io.stratus.iam.impl.policy.PolicyEvaluator.Outcome;

/**
 * The evaluation matrix: cases drawn from AWS's "IAM JSON policy evaluation logic" and "Condition
 * operators" pages. Each row is one request against a set of identity policies and the decision
 * AWS documents for it.
 */
@RunWith(Parameterized.class)
public class PolicyEvaluationMatrixTest {

    static final String BUCKET_OBJECT = "arn:aws:s3:::photos/2026/cat.jpg";
    static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:hello";

    record Case(String name, List<String> statements, String action, String resource, Map<String, List<String>> context,
            Outcome expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        List<Case> c = new ArrayList<>();
        // --- basics: default deny, allow, explicit deny wins, order irrelevant
        c.add(row("no policy at all is an implicit deny", List.of(), "s3:GetObject", BUCKET_OBJECT, ctx(), IMPLICIT_DENY));
        c.add(row("allow on the exact action and resource", List.of(allow("\"s3:GetObject\"", "\"" + BUCKET_OBJECT + "\"")),
                "s3:GetObject", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("allow of another action does not allow", List.of(allow("\"s3:PutObject\"", "\"*\"")),
                "s3:GetObject", BUCKET_OBJECT, ctx(), IMPLICIT_DENY));
        c.add(row("allow on another resource does not allow", List.of(allow("\"s3:GetObject\"", "\"arn:aws:s3:::other/*\"")),
                "s3:GetObject", BUCKET_OBJECT, ctx(), IMPLICIT_DENY));
        c.add(row("explicit deny beats allow", List.of(allow("\"s3:*\"", "\"*\""), deny("\"s3:GetObject\"", "\"*\"")),
                "s3:GetObject", BUCKET_OBJECT, ctx(), EXPLICIT_DENY));
        c.add(row("explicit deny beats allow, deny first", List.of(deny("\"s3:GetObject\"", "\"*\""), allow("\"s3:*\"", "\"*\"")),
                "s3:GetObject", BUCKET_OBJECT, ctx(), EXPLICIT_DENY));
        c.add(row("deny alone is still a deny", List.of(deny("\"s3:GetObject\"", "\"*\"")),
                "s3:GetObject", BUCKET_OBJECT, ctx(), EXPLICIT_DENY));
        c.add(row("deny of another action leaves the allow", List.of(allow("\"s3:*\"", "\"*\""), deny("\"s3:DeleteObject\"", "\"*\"")),
                "s3:GetObject", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("deny of another resource leaves the allow", List.of(allow("\"s3:*\"", "\"*\""), deny("\"s3:*\"", "\"arn:aws:s3:::secret/*\"")),
                "s3:GetObject", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("deny with a false condition does not deny", List.of(allow("\"s3:*\"", "\"*\""),
                deny("\"s3:*\"", "\"*\"", "\"Bool\": {\"aws:SecureTransport\": \"false\"}")),
                "s3:GetObject", BUCKET_OBJECT, ctx("aws:SecureTransport", "true"), ALLOW));
        // --- actions: wildcards and case
        c.add(row("action * allows everything", List.of(allow("\"*\"", "\"*\"")), "iam:DeleteUser", "arn:aws:iam::000000000000:user/bob", ctx(), ALLOW));
        c.add(row("service wildcard", List.of(allow("\"s3:*\"", "\"*\"")), "s3:PutObject", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("service wildcard does not cross services", List.of(allow("\"s3:*\"", "\"*\"")), "lambda:InvokeFunction", FUNCTION, ctx(), IMPLICIT_DENY));
        c.add(row("prefix wildcard Get*", List.of(allow("\"s3:Get*\"", "\"*\"")), "s3:GetObjectAcl", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("prefix wildcard Get* does not allow Put", List.of(allow("\"s3:Get*\"", "\"*\"")), "s3:PutObject", BUCKET_OBJECT, ctx(), IMPLICIT_DENY));
        c.add(row("actions are case-insensitive", List.of(allow("\"S3:getobject\"", "\"*\"")), "s3:GetObject", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("? matches one character", List.of(allow("\"iam:?etUser\"", "\"*\"")), "iam:GetUser", "arn:aws:iam::000000000000:user/a", ctx(), ALLOW));
        c.add(row("? does not match two characters", List.of(allow("\"iam:?User\"", "\"*\"")), "iam:GetUser", "arn:aws:iam::000000000000:user/a", ctx(), IMPLICIT_DENY));
        c.add(row("action list, one matches", List.of(allow("[\"s3:PutObject\", \"s3:GetObject\"]", "\"*\"")), "s3:GetObject", BUCKET_OBJECT, ctx(), ALLOW));
        // --- NotAction
        c.add(row("NotAction allows what it does not list", List.of(allowNot("\"iam:*\"", "\"*\"")), "s3:GetObject", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("NotAction does not allow what it lists", List.of(allowNot("\"iam:*\"", "\"*\"")), "iam:CreateUser", "arn:aws:iam::000000000000:user/x", ctx(), IMPLICIT_DENY));
        c.add(row("Deny with NotAction denies everything else", List.of(allow("\"*\"", "\"*\""), denyNot("[\"s3:GetObject\"]", "\"*\"")),
                "s3:DeleteObject", BUCKET_OBJECT, ctx(), EXPLICIT_DENY));
        c.add(row("Deny with NotAction spares the listed action", List.of(allow("\"*\"", "\"*\""), denyNot("[\"s3:GetObject\"]", "\"*\"")),
                "s3:GetObject", BUCKET_OBJECT, ctx(), ALLOW));
        // --- resources: wildcards, NotResource
        c.add(row("resource * matches any ARN", List.of(allow("\"lambda:InvokeFunction\"", "\"*\"")), "lambda:InvokeFunction", FUNCTION, ctx(), ALLOW));
        c.add(row("bucket/* matches keys with slashes", List.of(allow("\"s3:GetObject\"", "\"arn:aws:s3:::photos/*\"")), "s3:GetObject", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("bucket/* does not match the bucket itself", List.of(allow("\"s3:ListBucket\"", "\"arn:aws:s3:::photos/*\"")), "s3:ListBucket", "arn:aws:s3:::photos", ctx(), IMPLICIT_DENY));
        c.add(row("resources are case-sensitive", List.of(allow("\"s3:GetObject\"", "\"arn:aws:s3:::Photos/*\"")), "s3:GetObject", BUCKET_OBJECT, ctx(), IMPLICIT_DENY));
        c.add(row("region wildcard in a function ARN", List.of(allow("\"lambda:*\"", "\"arn:aws:lambda:*:000000000000:function:hello\"")), "lambda:InvokeFunction", FUNCTION, ctx(), ALLOW));
        c.add(row("a wildcard does not span ARN segments", List.of(allow("\"lambda:*\"", "\"arn:aws:lambda:us-east-1*:function:hello\"")), "lambda:InvokeFunction", FUNCTION, ctx(), IMPLICIT_DENY));
        c.add(row("function name prefix wildcard", List.of(allow("\"lambda:*\"", "\"arn:aws:lambda:us-east-1:000000000000:function:hel*\"")), "lambda:InvokeFunction", FUNCTION, ctx(), ALLOW));
        c.add(row("NotResource allows outside the listed ARNs", List.of(allowNotResource("\"s3:*\"", "\"arn:aws:s3:::secret/*\"")), "s3:GetObject", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("NotResource does not allow the listed ARNs", List.of(allowNotResource("\"s3:*\"", "\"arn:aws:s3:::photos/*\"")), "s3:GetObject", BUCKET_OBJECT, ctx(), IMPLICIT_DENY));
        c.add(row("policy variable ${aws:username} in a resource", List.of(allow("\"s3:*\"", "\"arn:aws:s3:::home/${aws:username}/*\"")),
                "s3:PutObject", "arn:aws:s3:::home/bob/notes.txt", ctx("aws:username", "bob"), ALLOW));
        c.add(row("policy variable for another user does not match", List.of(allow("\"s3:*\"", "\"arn:aws:s3:::home/${aws:username}/*\"")),
                "s3:PutObject", "arn:aws:s3:::home/alice/notes.txt", ctx("aws:username", "bob"), IMPLICIT_DENY));
        // --- string operators
        c.add(row("StringEquals holds", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"StringEquals\": {\"s3:prefix\": \"home/\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:prefix", "home/"), ALLOW));
        c.add(row("StringEquals is case-sensitive", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"StringEquals\": {\"s3:prefix\": \"HOME/\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:prefix", "home/"), IMPLICIT_DENY));
        c.add(row("StringEquals with a missing key is false", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"StringEquals\": {\"s3:prefix\": \"home/\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx(), IMPLICIT_DENY));
        c.add(row("StringEquals with several values is an OR", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"StringEquals\": {\"s3:prefix\": [\"a/\", \"home/\"]}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:prefix", "home/"), ALLOW));
        c.add(row("condition key names are case-insensitive", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"StringEquals\": {\"S3:Prefix\": \"home/\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:prefix", "home/"), ALLOW));
        c.add(row("StringNotEquals holds for another value", List.of(allow("\"s3:*\"", "\"*\"", "\"StringNotEquals\": {\"aws:username\": \"bob\"}")), "s3:GetObject", BUCKET_OBJECT, ctx("aws:username", "alice"), ALLOW));
        c.add(row("StringNotEquals fails for the value", List.of(allow("\"s3:*\"", "\"*\"", "\"StringNotEquals\": {\"aws:username\": \"bob\"}")), "s3:GetObject", BUCKET_OBJECT, ctx("aws:username", "bob"), IMPLICIT_DENY));
        c.add(row("StringNotEquals with a missing key is true", List.of(allow("\"s3:*\"", "\"*\"", "\"StringNotEquals\": {\"aws:username\": \"bob\"}")), "s3:GetObject", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("StringEqualsIgnoreCase ignores case", List.of(allow("\"s3:*\"", "\"*\"", "\"StringEqualsIgnoreCase\": {\"aws:username\": \"BOB\"}")), "s3:GetObject", BUCKET_OBJECT, ctx("aws:username", "bob"), ALLOW));
        c.add(row("StringLike with *", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"StringLike\": {\"s3:prefix\": \"home/*\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:prefix", "home/bob/"), ALLOW));
        c.add(row("StringLike with ?", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"StringLike\": {\"s3:prefix\": \"h?me/\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:prefix", "home/"), ALLOW));
        c.add(row("StringLike that does not match", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"StringLike\": {\"s3:prefix\": \"home/*\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:prefix", "public/"), IMPLICIT_DENY));
        c.add(row("StringNotLike with a missing key is true", List.of(allow("\"s3:*\"", "\"*\"", "\"StringNotLike\": {\"s3:prefix\": \"secret/*\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx(), ALLOW));
        c.add(row("StringNotLike of a matching value is false", List.of(allow("\"s3:*\"", "\"*\"", "\"StringNotLike\": {\"s3:prefix\": \"secret/*\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:prefix", "secret/x"), IMPLICIT_DENY));
        // --- ARN operators
        c.add(row("ArnLike on aws:SourceArn", List.of(allow("\"lambda:InvokeFunction\"", "\"*\"", "\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:s3:::photos\"}")), "lambda:InvokeFunction", FUNCTION, ctx("aws:SourceArn", "arn:aws:s3:::photos"), ALLOW));
        c.add(row("ArnLike with a wildcard segment", List.of(allow("\"lambda:InvokeFunction\"", "\"*\"", "\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:events:*:000000000000:rule/*\"}")), "lambda:InvokeFunction", FUNCTION, ctx("aws:SourceArn", "arn:aws:events:us-east-1:000000000000:rule/nightly"), ALLOW));
        c.add(row("ArnLike of another ARN", List.of(allow("\"lambda:InvokeFunction\"", "\"*\"", "\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:s3:::photos\"}")), "lambda:InvokeFunction", FUNCTION, ctx("aws:SourceArn", "arn:aws:s3:::other"), IMPLICIT_DENY));
        c.add(row("ArnNotLike with a missing key is true", List.of(allow("\"lambda:InvokeFunction\"", "\"*\"", "\"ArnNotLike\": {\"aws:SourceArn\": \"arn:aws:s3:::photos\"}")), "lambda:InvokeFunction", FUNCTION, ctx(), ALLOW));
        // --- Bool, numeric, date, IP
        c.add(row("Bool true holds", List.of(allow("\"s3:*\"", "\"*\"", "\"Bool\": {\"aws:SecureTransport\": \"true\"}")), "s3:GetObject", BUCKET_OBJECT, ctx("aws:SecureTransport", "true"), ALLOW));
        c.add(row("Bool true fails on false", List.of(allow("\"s3:*\"", "\"*\"", "\"Bool\": {\"aws:SecureTransport\": \"true\"}")), "s3:GetObject", BUCKET_OBJECT, ctx("aws:SecureTransport", "false"), IMPLICIT_DENY));
        c.add(row("Bool as a JSON boolean", List.of(allow("\"s3:*\"", "\"*\"", "\"Bool\": {\"aws:MultiFactorAuthPresent\": true}")), "s3:GetObject", BUCKET_OBJECT, ctx("aws:MultiFactorAuthPresent", "true"), ALLOW));
        c.add(row("NumericLessThan holds", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"NumericLessThan\": {\"s3:max-keys\": \"10\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:max-keys", "5"), ALLOW));
        c.add(row("NumericLessThan fails on equal", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"NumericLessThan\": {\"s3:max-keys\": \"10\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:max-keys", "10"), IMPLICIT_DENY));
        c.add(row("NumericLessThanEquals holds on equal", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"NumericLessThanEquals\": {\"s3:max-keys\": \"10\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:max-keys", "10"), ALLOW));
        c.add(row("NumericGreaterThan holds", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"NumericGreaterThan\": {\"s3:max-keys\": 10}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:max-keys", "11"), ALLOW));
        c.add(row("NumericEquals with a non-number is false", List.of(allow("\"s3:ListBucket\"", "\"*\"", "\"NumericEquals\": {\"s3:max-keys\": \"10\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:max-keys", "ten"), IMPLICIT_DENY));
        c.add(row("DateLessThan before the date", List.of(allow("\"s3:*\"", "\"*\"", "\"DateLessThan\": {\"aws:CurrentTime\": \"2027-01-01T00:00:00Z\"}")), "s3:GetObject", BUCKET_OBJECT, ctx("aws:CurrentTime", "2026-11-26T01:00:00Z"), ALLOW));
        c.add(row("DateLessThan after the date", List.of(allow("\"s3:*\"", "\"*\"", "\"DateLessThan\": {\"aws:CurrentTime\": \"2026-01-01T00:00:00Z\"}")), "s3:GetObject", BUCKET_OBJECT, ctx("aws:CurrentTime", "2026-11-26T01:00:00Z"), IMPLICIT_DENY));
        c.add(row("DateGreaterThan with epoch seconds", List.of(allow("\"s3:*\"", "\"*\"", "\"DateGreaterThan\": {\"aws:EpochTime\": \"1700000000\"}")), "s3:GetObject", BUCKET_OBJECT, ctx("aws:EpochTime", "1800000000"), ALLOW));
        c.add(row("IpAddress inside the range", List.of(allow("\"s3:*\"", "\"*\"", "\"IpAddress\": {\"aws:SourceIp\": \"203.0.113.0/24\"}")), "s3:GetObject", BUCKET_OBJECT, ctx("aws:SourceIp", "203.0.113.7"), ALLOW));
        c.add(row("IpAddress outside the range", List.of(allow("\"s3:*\"", "\"*\"", "\"IpAddress\": {\"aws:SourceIp\": \"203.0.113.0/24\"}")), "s3:GetObject", BUCKET_OBJECT, ctx("aws:SourceIp", "198.51.100.7"), IMPLICIT_DENY));
        c.add(row("NotIpAddress in a Deny blocks outsiders", List.of(allow("\"s3:*\"", "\"*\""), deny("\"s3:*\"", "\"*\"", "\"NotIpAddress\": {\"aws:SourceIp\": [\"127.0.0.0/8\", \"::1/128\"]}")),
                "s3:GetObject", BUCKET_OBJECT, ctx("aws:SourceIp", "198.51.100.7"), EXPLICIT_DENY));
        c.add(row("NotIpAddress in a Deny lets insiders through", List.of(allow("\"s3:*\"", "\"*\""), deny("\"s3:*\"", "\"*\"", "\"NotIpAddress\": {\"aws:SourceIp\": [\"127.0.0.0/8\", \"::1/128\"]}")),
                "s3:GetObject", BUCKET_OBJECT, ctx("aws:SourceIp", "127.0.0.1"), ALLOW));
        // --- IfExists, Null, several conditions
        c.add(row("StringEqualsIfExists with the key missing is true", List.of(allow("\"s3:*\"", "\"*\"", "\"StringEqualsIfExists\": {\"s3:x-amz-storage-class\": \"STANDARD\"}")), "s3:PutObject", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("StringEqualsIfExists with another value is false", List.of(allow("\"s3:*\"", "\"*\"", "\"StringEqualsIfExists\": {\"s3:x-amz-storage-class\": \"STANDARD\"}")), "s3:PutObject", BUCKET_OBJECT, ctx("s3:x-amz-storage-class", "GLACIER"), IMPLICIT_DENY));
        c.add(row("NumericLessThanIfExists with the key present", List.of(allow("\"s3:*\"", "\"*\"", "\"NumericLessThanIfExists\": {\"s3:max-keys\": \"10\"}")), "s3:ListBucket", "arn:aws:s3:::photos", ctx("s3:max-keys", "3"), ALLOW));
        c.add(row("Null true holds when the key is absent", List.of(allow("\"s3:*\"", "\"*\"", "\"Null\": {\"aws:TokenIssueTime\": \"true\"}")), "s3:GetObject", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("Null true fails when the key is present", List.of(allow("\"s3:*\"", "\"*\"", "\"Null\": {\"aws:TokenIssueTime\": \"true\"}")), "s3:GetObject", BUCKET_OBJECT, ctx("aws:TokenIssueTime", "2026-11-26T00:00:00Z"), IMPLICIT_DENY));
        c.add(row("Null false requires the key", List.of(allow("\"s3:*\"", "\"*\"", "\"Null\": {\"aws:TokenIssueTime\": \"false\"}")), "s3:GetObject", BUCKET_OBJECT, ctx(), IMPLICIT_DENY));
        c.add(row("two operators are an AND (both hold)", List.of(allow("\"s3:*\"", "\"*\"", "\"StringEquals\": {\"aws:username\": \"bob\"}, \"Bool\": {\"aws:SecureTransport\": \"true\"}")),
                "s3:GetObject", BUCKET_OBJECT, ctx("aws:username", "bob", "aws:SecureTransport", "true"), ALLOW));
        c.add(row("two operators are an AND (one fails)", List.of(allow("\"s3:*\"", "\"*\"", "\"StringEquals\": {\"aws:username\": \"bob\"}, \"Bool\": {\"aws:SecureTransport\": \"true\"}")),
                "s3:GetObject", BUCKET_OBJECT, ctx("aws:username", "bob", "aws:SecureTransport", "false"), IMPLICIT_DENY));
        c.add(row("two keys in one operator are an AND", List.of(allow("\"s3:*\"", "\"*\"", "\"StringEquals\": {\"aws:username\": \"bob\", \"s3:prefix\": \"home/\"}")),
                "s3:ListBucket", "arn:aws:s3:::photos", ctx("aws:username", "bob"), IMPLICIT_DENY));
        // --- set qualifiers
        c.add(row("ForAllValues holds when every value is listed", List.of(allow("\"s3:*\"", "\"*\"", "\"ForAllValues:StringEquals\": {\"aws:TagKeys\": [\"env\", \"team\"]}")),
                "s3:PutObject", BUCKET_OBJECT, ctx("aws:TagKeys", "env", "aws:TagKeys", "team"), ALLOW));
        c.add(row("ForAllValues fails when one value is not listed", List.of(allow("\"s3:*\"", "\"*\"", "\"ForAllValues:StringEquals\": {\"aws:TagKeys\": [\"env\"]}")),
                "s3:PutObject", BUCKET_OBJECT, ctx("aws:TagKeys", "env", "aws:TagKeys", "cost"), IMPLICIT_DENY));
        c.add(row("ForAllValues with the key missing is true", List.of(allow("\"s3:*\"", "\"*\"", "\"ForAllValues:StringEquals\": {\"aws:TagKeys\": [\"env\"]}")),
                "s3:PutObject", BUCKET_OBJECT, ctx(), ALLOW));
        c.add(row("ForAnyValue holds when one value is listed", List.of(allow("\"s3:*\"", "\"*\"", "\"ForAnyValue:StringEquals\": {\"aws:TagKeys\": [\"env\"]}")),
                "s3:PutObject", BUCKET_OBJECT, ctx("aws:TagKeys", "cost", "aws:TagKeys", "env"), ALLOW));
        c.add(row("ForAnyValue with the key missing is false", List.of(allow("\"s3:*\"", "\"*\"", "\"ForAnyValue:StringEquals\": {\"aws:TagKeys\": [\"env\"]}")),
                "s3:PutObject", BUCKET_OBJECT, ctx(), IMPLICIT_DENY));
        // --- the managed policy Lambda's default role gets
        c.add(row("AWSLambdaBasicExecutionRole allows PutLogEvents", List.of(allow("[\"logs:CreateLogGroup\", \"logs:CreateLogStream\", \"logs:PutLogEvents\"]", "\"*\"")),
                "logs:PutLogEvents", "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/hello:log-stream:x", ctx(), ALLOW));
        c.add(row("AWSLambdaBasicExecutionRole does not allow reading a bucket", List.of(allow("[\"logs:CreateLogGroup\", \"logs:CreateLogStream\", \"logs:PutLogEvents\"]", "\"*\"")),
                "s3:GetObject", BUCKET_OBJECT, ctx(), IMPLICIT_DENY));
        List<Object[]> rows = new ArrayList<>();
        for (Case one : c) {
            rows.add(new Object[] {one});
        }
        return rows;
    }

    private final Case row;

    public PolicyEvaluationMatrixTest(Case row) {
        this.row = row;
    }

    @Test
    public void decisionIsAsDocumented() throws MalformedPolicyException {
        List<Policy> policies = new ArrayList<>();
        int i = 0;
        for (String statement : row.statements()) {
            policies.add(PolicyParser.parse("p" + i++, "{\"Version\": \"2012-10-17\", \"Statement\": [" + statement + "]}",
                    PolicyParser.Kind.IDENTITY));
        }
        PolicyEvaluator.Result result = PolicyEvaluator.evaluate(policies, row.action(), row.resource(), row.context());
        assertEquals(result.reason(), row.expected(), result.outcome());
        if (row.expected() == EXPLICIT_DENY) {
            assertTrue(result.reason(), result.reason().contains("explicit deny"));
        }
    }

    @Test
    public void statementOrderDoesNotMatter() throws MalformedPolicyException {
        List<String> reversed = new ArrayList<>(row.statements());
        java.util.Collections.reverse(reversed);
        String document = "{\"Version\": \"2012-10-17\", \"Statement\": [" + String.join(",", reversed) + "]}";
        List<Policy> policies = reversed.isEmpty() ? List.of()
                : List.of(PolicyParser.parse("merged", document, PolicyParser.Kind.IDENTITY));
        assertEquals(row.expected(), PolicyEvaluator.evaluate(policies, row.action(), row.resource(), row.context()).outcome());
    }

    static Case row(String name, List<String> statements, String action, String resource, Map<String, List<String>> context,
            Outcome expected) {
        return new Case(name, statements, action, resource, context, expected);
    }

    static String allow(String action, String resource) {
        return statement("Allow", "Action", action, "Resource", resource, null);
    }

    static String allow(String action, String resource, String condition) {
        return statement("Allow", "Action", action, "Resource", resource, condition);
    }

    static String deny(String action, String resource) {
        return statement("Deny", "Action", action, "Resource", resource, null);
    }

    static String deny(String action, String resource, String condition) {
        return statement("Deny", "Action", action, "Resource", resource, condition);
    }

    static String allowNot(String notAction, String resource) {
        return statement("Allow", "NotAction", notAction, "Resource", resource, null);
    }

    static String denyNot(String notAction, String resource) {
        return statement("Deny", "NotAction", notAction, "Resource", resource, null);
    }

    static String allowNotResource(String action, String notResource) {
        return statement("Allow", "Action", action, "NotResource", notResource, null);
    }

    private static String statement(String effect, String actionElement, String action, String resourceElement,
            String resource, String condition) {
        return "{\"Effect\": \"" + effect + "\", \"" + actionElement + "\": " + action + ", \"" + resourceElement + "\": "
                + resource + (condition == null ? "" : ", \"Condition\": {" + condition + "}") + "}";
    }

    /** Context keys (lower-cased, as the evaluator reads them) and values; a key given twice has two values. */
    static Map<String, List<String>> ctx(String... keysAndValues) {
        Map<String, List<String>> context = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            context.computeIfAbsent(keysAndValues[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(keysAndValues[i + 1]);
        }
        return context;
    }
}

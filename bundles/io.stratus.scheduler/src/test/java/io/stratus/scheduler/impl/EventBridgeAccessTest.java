package io.stratus.scheduler.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsRequest;

/** What each EventBridge operation asks IAM for, as the Service Authorization Reference names it. */
public class EventBridgeAccessTest {

    private final EventBridgeApi api = new EventBridgeApi(null, "eu-west-1", "123456789012");

    /** A signed JSON 1.1 request as the front door hands it over. */
    record Request(String target, String body) implements AwsRequest {
        public String method() { return "POST"; }
        public String path() { return "/"; }
        public String rawPath() { return "/"; }
        public String rawQuery() { return null; }
        public Map<String, List<String>> parameters() { return Map.of(); }
        public String parameter(String name) { return null; }
        public String header(String name) { return null; }
        public List<String> headerNames() { return List.of(); }
        public byte[] body(int limit) { return body.getBytes(StandardCharsets.UTF_8); }
        public InputStream bodyStream() { return new ByteArrayInputStream(body(0)); }
        public String requestId() { return "r"; }
        public String region() { return "eu-west-1"; }
        public AwsPrincipal principal() {
            return new AwsPrincipal("123456789012", "arn:aws:iam::123456789012:user/u", "AIDA", "AKIA");
        }
        public String sourceIp() { return "127.0.0.1"; }
    }

    private List<AccessRequest> access(String operation, String body) throws Exception {
        return api.access(new Request(operation, body));
    }

    @Test
    public void ruleOperationsActOnTheRuleArn() throws Exception {
        String arn = "arn:aws:events:eu-west-1:123456789012:rule/nightly";
        for (String op : List.of("PutRule", "DescribeRule", "DeleteRule", "EnableRule", "DisableRule")) {
            assertEquals(op, List.of(new AccessRequest("events:" + op, arn)), access(op, "{\"Name\":\"nightly\"}"));
        }
        for (String op : List.of("PutTargets", "RemoveTargets", "ListTargetsByRule")) {
            assertEquals(op, List.of(new AccessRequest("events:" + op, arn)),
                    access(op, "{\"Rule\":\"nightly\",\"Targets\":[],\"Ids\":[]}"));
        }
    }

    @Test
    public void listingsActOnNoParticularRule() throws Exception {
        assertEquals(List.of(new AccessRequest("events:ListRules", "*")), access("ListRules", "{}"));
        assertEquals(List.of(new AccessRequest("events:ListRuleNamesByTarget", "*")),
                access("ListRuleNamesByTarget", "{\"TargetArn\":\"arn:aws:lambda:eu-west-1:123456789012:function:f\"}"));
    }

    @Test
    public void badRequestsAreAnsweredAsTheOperationWouldAnswerThem() {
        AwsException missing = assertThrows(AwsException.class, () -> access("PutRule", "{}"));
        assertEquals("ValidationException", missing.code());
        AwsException badName = assertThrows(AwsException.class, () -> access("DescribeRule", "{\"Name\":\"a/b\"}"));
        assertEquals("ValidationException", badName.code());
        AwsException notJson = assertThrows(AwsException.class, () -> access("DeleteRule", "{\"Name\":"));
        assertEquals(400, notJson.status());
    }

    @Test
    public void anUnknownOperationIsRefusedAsUnknown() {
        assertEquals("UnknownOperationException", assertThrows(AwsException.class, () -> access("PutEvents", "{}")).code());
    }
}

package io.stratus.monitoring.impl.logs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;

import org.junit.Test;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.monitoring.impl.AccessTestRequest;

/** What each CloudWatch Logs operation asks IAM for, as the Service Authorization Reference names it. */
public class LogsAccessTest {

    private static final String GROUP = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/hello";
    private final LogsApi api = new LogsApi(null, null, "eu-west-1", "123456789012");

    private List<AccessRequest> access(String operation, String body) throws Exception {
        return api.access(AccessTestRequest.json(operation, body));
    }

    private static List<AccessRequest> one(String action, String resource) {
        return List.of(new AccessRequest(action, resource));
    }

    @Test
    public void groupOperationsActOnTheLogGroup() throws Exception {
        for (String op : List.of("CreateLogGroup", "DeleteLogGroup", "CreateLogStream", "DeleteRetentionPolicy",
                "DescribeLogStreams", "FilterLogEvents")) {
            assertEquals(op, one("logs:" + op, GROUP),
                    access(op, "{\"logGroupName\":\"/aws/lambda/hello\",\"logStreamName\":\"s\"}"));
        }
        assertEquals(one("logs:PutRetentionPolicy", GROUP),
                access("PutRetentionPolicy", "{\"logGroupName\":\"/aws/lambda/hello\",\"retentionInDays\":7}"));
    }

    @Test
    public void eventOperationsActOnTheLogStream() throws Exception {
        String stream = GROUP + ":log-stream:2026/11/26/[$LATEST]abc";
        for (String op : List.of("PutLogEvents", "GetLogEvents", "DeleteLogStream")) {
            assertEquals(op, one("logs:" + op, stream), access(op,
                    "{\"logGroupName\":\"/aws/lambda/hello\",\"logStreamName\":\"2026/11/26/[$LATEST]abc\",\"logEvents\":[]}"));
        }
    }

    @Test
    public void aGroupNamedByItsArnIsTheSameGroup() throws Exception {
        assertEquals(one("logs:FilterLogEvents", GROUP),
                access("FilterLogEvents", "{\"logGroupIdentifier\":\"" + GROUP + ":*\"}"));
        assertEquals(one("logs:GetLogEvents", GROUP + ":log-stream:s"),
                access("GetLogEvents", "{\"logGroupIdentifier\":\"/aws/lambda/hello\",\"logStreamName\":\"s\"}"));
    }

    @Test
    public void describeLogGroupsActsOnEveryGroup() throws Exception {
        assertEquals(one("logs:DescribeLogGroups", "arn:aws:logs:eu-west-1:123456789012:log-group:*"),
                access("DescribeLogGroups", "{\"logGroupNamePrefix\":\"/aws/lambda/\"}"));
    }

    @Test
    public void badRequestsAreAnsweredAsTheOperationWouldAnswerThem() {
        assertEquals("InvalidParameterException", assertThrows(AwsException.class,
                () -> access("CreateLogGroup", "{}")).code());
        assertEquals("InvalidParameterException", assertThrows(AwsException.class,
                () -> access("CreateLogGroup", "{\"logGroupName\":\"a b\"}")).code());
        assertEquals("InvalidParameterException", assertThrows(AwsException.class,
                () -> access("PutLogEvents", "{\"logGroupName\":\"g\",\"logStreamName\":\"a:b\"}")).code());
        assertEquals("SerializationException", assertThrows(AwsException.class,
                () -> access("PutLogEvents", "{\"logGroupName\":")).code());
        assertEquals("UnknownOperationException", assertThrows(AwsException.class,
                () -> access("PutSubscriptionFilter", "{}")).code());
    }
}

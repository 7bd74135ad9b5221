package io.stratus.monitoring.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.stratus.aws.api.AwsService;
import io.stratus.monitoring.impl.billing.Billing;
import io.stratus.monitoring.impl.metrics.CloudWatchApi;

/**
 * CloudWatch in the query protocol (form-encoded {@code Action=}, XML answers), as older aws CLI
 * releases send it, through the real front door with the service registered as in the platform
 * ({@code json-1.0} then {@code query}): each operation's answer in AWS's XML shape, errors as
 * {@code ErrorResponse} documents, and bad input changing nothing.
 */
public class CloudWatchQueryTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private static final Instant NOW = Instant.parse("2026-11-26T10:30:30Z");
    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/monitoring/"
            + "aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=00";
    private final TestClock clock = new TestClock(NOW);
    private final HttpClient http = HttpClient.newHttpClient();
    private Endpoint endpoint;

    /** One answer: status, content type, parsed body. */
    private record Answer(int status, String contentType, Document xml) {
        String text(String tag) {
            NodeList nodes = xml.getElementsByTagName(tag);
            return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
        }

        List<String> texts(String tag) {
            List<String> values = new ArrayList<>();
            NodeList nodes = xml.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                values.add(nodes.item(i).getTextContent());
            }
            return values;
        }
    }

    @Before
    public void start() throws Exception {
        MonitoringCore core = new MonitoringCore(folder.getRoot().toPath(), Billing.Prices.AWS, 15, () -> clock);
        endpoint = new Endpoint();
        CloudWatchApi api = new CloudWatchApi(core.metrics(), () -> clock);
        Map<String, Object> properties = new HashMap<>();
        properties.put(AwsService.SERVICE, "monitoring");
        properties.put(AwsService.PROTOCOL, new String[] {"json-1.0", "query"});
        properties.put(AwsService.TARGET_PREFIX, CloudWatchApi.TARGET_PREFIX);
        properties.put(AwsService.XML_NAMESPACE, CloudWatchApi.XML_NAMESPACE);
        properties.put("service.id", 1L);
        endpoint.frontDoor.addService(new AwsService() {
            @Override
            public void handle(io.stratus.aws.api.AwsRequest request, io.stratus.aws.api.AwsResponse response)
                    throws io.stratus.aws.api.AwsException, java.io.IOException {
                api.handle(request, response);
            }

            @Override
            public List<io.stratus.aws.api.AccessRequest> access(io.stratus.aws.api.AwsRequest request)
                    throws io.stratus.aws.api.AwsException, java.io.IOException {
                return api.access(request);
            }
        }, properties);
    }

    @After
    public void stop() throws Exception {
        endpoint.close();
    }

    private Answer post(String... pairs) throws Exception {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(endpoint.uri + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", AUTHORIZATION).header("X-Amz-Date", "20261126T103030Z")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document xml = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body()));
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), xml);
    }

    private Answer putTwoValues() throws Exception {
        return post("Action", "PutMetricData", "Version", "2010-08-01", "Namespace", "Shop",
                "MetricData.member.1.MetricName", "Orders", "MetricData.member.1.Unit", "Count",
                "MetricData.member.1.Dimensions.member.1.Name", "Store",
                "MetricData.member.1.Dimensions.member.1.Value", "north",
                "MetricData.member.1.Value", "3",
                "MetricData.member.2.MetricName", "Orders", "MetricData.member.2.Unit", "Count",
                "MetricData.member.2.Dimensions.member.1.Name", "Store",
                "MetricData.member.2.Dimensions.member.1.Value", "north",
                "MetricData.member.2.Value", "4.5");
    }

    private Answer statistics(String... more) throws Exception {
        return statisticsOver("3600", more);
    }

    private Answer statisticsOver(String period, String... more) throws Exception {
        List<String> pairs = new ArrayList<>(List.of("Action", "GetMetricStatistics", "Version", "2010-08-01",
                "Namespace", "Shop", "MetricName", "Orders", "Dimensions.member.1.Name", "Store",
                "Dimensions.member.1.Value", "north", "StartTime", "2026-11-26T09:30:00Z",
                "EndTime", "2026-11-26T10:31:00Z", "Period", period));
        pairs.addAll(List.of(more));
        return post(pairs.toArray(String[]::new));
    }

    @Test
    public void putThenGetStatisticsAnswerInTheQueryXmlShape() throws Exception {
        Answer put = putTwoValues();
        assertEquals(200, put.status());
        assertTrue(put.contentType(), put.contentType().startsWith("text/xml"));
        Element root = put.xml().getDocumentElement();
        assertEquals("PutMetricDataResponse", root.getLocalName());
        assertEquals(CloudWatchApi.XML_NAMESPACE, root.getNamespaceURI());
        assertTrue(put.text("RequestId").length() > 10);

        Answer stats = statistics("Statistics.member.1", "Sum", "Statistics.member.2", "Maximum",
                "Statistics.member.3", "SampleCount");
        assertEquals(200, stats.status());
        assertEquals("GetMetricStatisticsResponse", stats.xml().getDocumentElement().getLocalName());
        assertEquals("Orders", stats.text("Label"));
        assertEquals(1, stats.xml().getElementsByTagName("Datapoints").item(0).getChildNodes().getLength());
        assertEquals(7.5, Double.parseDouble(stats.text("Sum")), 0.0);
        assertEquals(4.5, Double.parseDouble(stats.text("Maximum")), 0.0);
        assertEquals(2.0, Double.parseDouble(stats.text("SampleCount")), 0.0);
        assertEquals("Count", stats.text("Unit"));
        // one hour-long period from StartTime holds both values
        assertEquals(Instant.parse("2026-11-26T10:30:00Z"), Instant.parse(stats.text("Timestamp")));
    }

    @Test
    public void extendedStatisticsAreAnEntryMap() throws Exception {
        putTwoValues();
        Answer stats = statistics("ExtendedStatistics.member.1", "p100");
        assertEquals(200, stats.status());
        Element entry = (Element) stats.xml().getElementsByTagName("entry").item(0);
        assertEquals("p100", entry.getElementsByTagName("key").item(0).getTextContent());
        assertEquals(4.5, Double.parseDouble(entry.getElementsByTagName("value").item(0).getTextContent()), 0.05);
    }

    @Test
    public void listMetricsAndGetMetricData() throws Exception {
        putTwoValues();
        Answer list = post("Action", "ListMetrics", "Version", "2010-08-01", "Namespace", "Shop");
        assertEquals(200, list.status());
        assertEquals(List.of("Orders"), list.texts("MetricName"));
        assertEquals(List.of("Store"), list.texts("Name"));
        assertEquals(List.of("north"), list.texts("Value"));

        Answer data = post("Action", "GetMetricData", "Version", "2010-08-01",
                "StartTime", "2026-11-26T09:30:00Z", "EndTime", "2026-11-26T10:31:00Z",
                "MetricDataQueries.member.1.Id", "orders",
                "MetricDataQueries.member.1.MetricStat.Metric.Namespace", "Shop",
                "MetricDataQueries.member.1.MetricStat.Metric.MetricName", "Orders",
                "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name", "Store",
                "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value", "north",
                "MetricDataQueries.member.1.MetricStat.Period", "3600",
                "MetricDataQueries.member.1.MetricStat.Stat", "Sum");
        assertEquals(200, data.status());
        assertEquals("orders", data.text("Id"));
        Element values = (Element) data.xml().getElementsByTagName("Values").item(0);
        assertEquals(1, values.getElementsByTagName("member").getLength());
        assertEquals(7.5, Double.parseDouble(values.getElementsByTagName("member").item(0).getTextContent()), 0.0);
        assertEquals("Complete", data.text("StatusCode"));
    }

    @Test
    public void badInputIsAnErrorResponseAndChangesNothing() throws Exception {
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("MissingParameter", new String[] {"Action", "PutMetricData", "MetricData.member.1.MetricName", "X",
            "MetricData.member.1.Value", "1"});
        cases.put("InvalidParameterValue", new String[] {"Action", "PutMetricData", "Namespace", "Shop",
            "MetricData.member.1.MetricName", "X", "MetricData.member.1.Value", "lots"});
        cases.put("InvalidParameterValue ", new String[] {"Action", "PutMetricData", "Namespace", "Shop",
            "MetricData.member.x.MetricName", "X", "MetricData.member.x.Value", "1"});
        cases.put("InvalidAction", new String[] {"Action", "DeleteAlarms", "AlarmNames.member.1", "a"});
        cases.put("MissingAction", new String[] {"Namespace", "Shop"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            Answer answer = post(c.getValue());
            assertEquals(c.getKey(), 400, answer.status());
            assertEquals("ErrorResponse", answer.xml().getDocumentElement().getLocalName());
            assertEquals(c.getKey().trim(), answer.text("Code"));
            assertEquals("Sender", answer.text("Type"));
            assertTrue(answer.text("Message").length() > 10);
        }
        Answer list = post("Action", "ListMetrics", "Namespace", "Shop");
        assertEquals(200, list.status());
        assertEquals(List.of(), list.texts("MetricName"));
        Answer badPeriod = statisticsOver("sixty", "Statistics.member.1", "Sum");
        assertEquals(400, badPeriod.status());
        assertEquals("InvalidParameterValue", badPeriod.text("Code"));
    }
}

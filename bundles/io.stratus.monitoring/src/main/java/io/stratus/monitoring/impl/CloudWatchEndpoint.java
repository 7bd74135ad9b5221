package io.stratus.monitoring.impl;

import java.io.IOException;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.api.AwsResponse;
import io.stratus.aws.api.AwsService;
import io.stratus.monitoring.impl.metrics.CloudWatchApi;

/**
 * The CloudWatch API on the AWS endpoint: JSON 1.0 ({@code X-Amz-Target: GraniteServiceVersion20100801.*},
 * what the current aws CLI sends), Smithy RPC v2 CBOR ({@code /service/GraniteServiceVersion20100801/operation/*},
 * what the SDK for Java v2 sends) and the query protocol (form-encoded {@code Action=}, what older aws CLI
 * releases, such as Debian's 2.9, and older SDKs send), all signed for {@code monitoring}.
 */
@Component(service = AwsService.class, property = {
        AwsService.SERVICE + "=monitoring",
        AwsService.PROTOCOL + "=json-1.0",
        AwsService.PROTOCOL + "=query",
        AwsService.XML_NAMESPACE + "=" + CloudWatchApi.XML_NAMESPACE,
        AwsService.TARGET_PREFIX + "=" + CloudWatchApi.TARGET_PREFIX,
        AwsService.PATH_PREFIX + "=/service/" + CloudWatchApi.TARGET_PREFIX + "/" })
public final class CloudWatchEndpoint implements AwsService {

    private final CloudWatchApi api;

    @Activate
    public CloudWatchEndpoint(@Reference MonitoringComponent monitoring) {
        MonitoringCore core = monitoring.core();
        this.api = new CloudWatchApi(core.metrics(), core.clock());
    }

    @Override
    public List<AccessRequest> access(AwsRequest request) throws AwsException, IOException {
        return api.access(request);
    }

    @Override
    public void handle(AwsRequest request, AwsResponse response) throws AwsException, IOException {
        api.handle(request, response);
    }
}

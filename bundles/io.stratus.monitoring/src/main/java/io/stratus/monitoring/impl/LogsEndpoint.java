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
import io.stratus.monitoring.impl.logs.LogsApi;

/** The CloudWatch Logs API on the AWS endpoint, over the monitoring module's log store. */
@Component(service = AwsService.class, property = {
        AwsService.SERVICE + "=logs",
        AwsService.PROTOCOL + "=json-1.1",
        AwsService.TARGET_PREFIX + "=Logs_20140328" })
public final class LogsEndpoint implements AwsService {

    private final LogsApi api;

    @Activate
    public LogsEndpoint(@Reference MonitoringComponent monitoring) {
        MonitoringCore core = monitoring.core();
        this.api = new LogsApi(core.logs(), core.clock(), monitoring.region(), monitoring.account());
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

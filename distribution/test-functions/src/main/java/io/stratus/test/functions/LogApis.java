package io.stratus.test.functions;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.LoggerFactory;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/**
 * Logs {@code {"text":...}} through the logging APIs a bundle has besides the standard streams: the
 * OSGi Log service ({@code Logger} and {@code FormatterLogger}), slf4j and java.util.logging.
 */
@Function(name = "log-apis")
public class LogApis implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        String text = Events.string(event, "text");
        BundleContext bundle = FrameworkUtil.getBundle(LogApis.class).getBundleContext();
        ServiceReference<LoggerFactory> reference = bundle.getServiceReference(LoggerFactory.class);
        LoggerFactory logs = bundle.getService(reference);
        try {
            logs.getLogger(LogApis.class).info("osgi {}", text);
            logs.getLogger("log-apis", FormatterLogger.class).warn("osgi-printf %s", text);
        } finally {
            bundle.ungetService(reference);
        }
        // slf4j and JUL print through pax-logging at the platform's level (WARN in the integration tests)
        org.slf4j.LoggerFactory.getLogger(LogApis.class).warn("slf4j {}", text);
        java.util.logging.Logger.getLogger(LogApis.class.getName()).warning("jul " + text);
        return text;
    }
}

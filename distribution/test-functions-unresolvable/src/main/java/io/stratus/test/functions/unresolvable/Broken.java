package io.stratus.test.functions.unresolvable;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/**
 * Declares function {@code broken} in a bundle whose manifest imports a package nothing exports
 * (see bnd.bnd); the platform must report it as Failed. Were it ever to run, it would echo its input.
 */
@Function(name = "broken")
public class Broken implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return event;
    }
}

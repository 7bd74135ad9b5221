package io.stratus.lambda.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class LambdaOperationTest {

    private static void assertRoute(LambdaOperation expected, String name, String method, String path) {
        LambdaOperation.Route route = LambdaOperation.match(method, path);
        assertEquals(method + " " + path, expected, route == null ? null : route.operation());
        assertEquals(name, route.functionName());
    }

    @Test
    public void everyOperationIsFoundByMethodAndPath() {
        assertRoute(LambdaOperation.INVOKE, "hello", "POST", "/2015-03-31/functions/hello/invocations");
        assertRoute(LambdaOperation.LIST_FUNCTIONS, null, "GET", "/2015-03-31/functions/");
        assertRoute(LambdaOperation.GET_FUNCTION, "hello", "GET", "/2015-03-31/functions/hello");
        assertRoute(LambdaOperation.GET_FUNCTION_CONFIGURATION, "hello", "GET", "/2015-03-31/functions/hello/configuration");
        assertRoute(LambdaOperation.UPDATE_FUNCTION_CONFIGURATION, "hello", "PUT", "/2015-03-31/functions/hello/configuration");
        assertRoute(LambdaOperation.GET_FUNCTION_CODE, "hello", "GET", "/2015-03-31/functions/hello/code");
        assertRoute(LambdaOperation.LIST_DEAD_LETTERS, "hello", "GET", "/2015-03-31/functions/hello/dead-letters");
        assertRoute(LambdaOperation.PUT_FUNCTION_CONCURRENCY, "hello", "PUT", "/2017-10-31/functions/hello/concurrency");
        assertRoute(LambdaOperation.GET_FUNCTION_CONCURRENCY, "hello", "GET", "/2019-09-30/functions/hello/concurrency");
        assertRoute(LambdaOperation.DELETE_FUNCTION_CONCURRENCY, "hello", "DELETE", "/2017-10-31/functions/hello/concurrency");
        assertRoute(LambdaOperation.PUT_FUNCTION_EVENT_INVOKE_CONFIG, "hello", "PUT", "/2019-09-25/functions/hello/event-invoke-config");
        assertRoute(LambdaOperation.UPDATE_FUNCTION_EVENT_INVOKE_CONFIG, "hello", "POST", "/2019-09-25/functions/hello/event-invoke-config");
        assertRoute(LambdaOperation.GET_FUNCTION_EVENT_INVOKE_CONFIG, "hello", "GET", "/2019-09-25/functions/hello/event-invoke-config");
        assertRoute(LambdaOperation.DELETE_FUNCTION_EVENT_INVOKE_CONFIG, "hello", "DELETE", "/2019-09-25/functions/hello/event-invoke-config");
        assertRoute(LambdaOperation.GET_ACCOUNT_SETTINGS, null, "GET", "/2016-08-19/account-settings/");
    }

    @Test
    public void thePolicyOperationsAreRoutedAndNamedForIam() {
        assertRoute(LambdaOperation.ADD_PERMISSION, "hello", "POST", "/2015-03-31/functions/hello/policy");
        assertRoute(LambdaOperation.GET_POLICY, "hello", "GET", "/2015-03-31/functions/hello/policy");
        assertRoute(LambdaOperation.REMOVE_PERMISSION, "hello", "DELETE", "/2015-03-31/functions/hello/policy/s3-in.1");
        assertEquals("s3-in.1", LambdaOperation.match("DELETE", "/2015-03-31/functions/hello/policy/s3-in.1").aliasName());
        assertNull(LambdaOperation.match("PUT", "/2015-03-31/functions/hello/policy"));
        assertEquals("lambda:AddPermission", LambdaOperation.ADD_PERMISSION.iamAction);
        assertEquals("lambda:GetPolicy", LambdaOperation.GET_POLICY.iamAction);
        assertEquals("lambda:RemovePermission", LambdaOperation.REMOVE_PERMISSION.iamAction);
    }

    @Test
    public void trailingSlashesAreOptional() {
        assertRoute(LambdaOperation.LIST_FUNCTIONS, null, "GET", "/2015-03-31/functions");
        assertRoute(LambdaOperation.GET_FUNCTION, "hello", "GET", "/2015-03-31/functions/hello/");
        assertRoute(LambdaOperation.GET_ACCOUNT_SETTINGS, null, "GET", "/2016-08-19/account-settings");
    }

    @Test
    public void functionNamesAreDecodedFromTheRawPathSoArnsWork() {
        assertRoute(LambdaOperation.INVOKE, "arn:aws:lambda:us-east-1:123456789012:function:hello:$LATEST", "POST",
                "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Ahello%3A%24LATEST/invocations");
    }

    @Test
    public void theApiVersionInThePathMustBeTheOperations() {
        assertNull(LambdaOperation.match("GET", "/2017-10-31/functions/hello/configuration"));
        assertNull(LambdaOperation.match("GET", "/2015-03-31/functions/hello/concurrency"));
    }

    @Test
    public void codeVersionAndAliasOperationsHaveTheirRoutes() {
        assertEquals(new LambdaOperation.Route(LambdaOperation.CREATE_FUNCTION, null),
                LambdaOperation.match("POST", "/2015-03-31/functions/"));
        assertEquals(new LambdaOperation.Route(LambdaOperation.UPDATE_FUNCTION_CODE, "hello"),
                LambdaOperation.match("PUT", "/2015-03-31/functions/hello/code"));
        assertEquals(new LambdaOperation.Route(LambdaOperation.PUBLISH_VERSION, "hello"),
                LambdaOperation.match("POST", "/2015-03-31/functions/hello/versions"));
        assertEquals(new LambdaOperation.Route(LambdaOperation.GET_ALIAS, "hello", "live"),
                LambdaOperation.match("GET", "/2015-03-31/functions/hello/aliases/live"));
        assertEquals(new LambdaOperation.Route(LambdaOperation.DELETE_FUNCTION, "hello"),
                LambdaOperation.match("DELETE", "/2015-03-31/functions/hello"));
    }

    @Test
    public void otherMethodsAndPathsMatchNothing() {
        assertNull(LambdaOperation.match("DELETE", "/2015-03-31/functions/hello/invocations"));
        assertNull(LambdaOperation.match("PATCH", "/2015-03-31/functions/hello"));
        assertNull(LambdaOperation.match("POST", "/2015-03-31/functions/hello/aliases/x"));
        assertNull(LambdaOperation.match("GET", "/2015-03-31/functions/hello/aliases/x/y"));
        assertNull(LambdaOperation.match("GET", "/2015-03-31/layers"));
        assertNull(LambdaOperation.match("POST", "/2015-03-31/functions//invocations"));
    }
}

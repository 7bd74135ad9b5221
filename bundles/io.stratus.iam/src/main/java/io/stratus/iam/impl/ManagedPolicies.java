package io.stratus.iam.impl;

import java.util.Map;

/** The AWS managed policies every account has, as AWS publishes them. */
final class ManagedPolicies {

    static final String BASIC_EXECUTION_ARN = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    static final String BASIC_EXECUTION_DOCUMENT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"logs:CreateLogGroup\",\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"*\"}]}";

    /** ARN to policy; id, dates and path as AWS shows them. */
    static final Map<String, IamState.ManagedPolicy> ALL = Map.of(BASIC_EXECUTION_ARN, basicExecution());

    private ManagedPolicies() {
    }

    private static IamState.ManagedPolicy basicExecution() {
        IamState.ManagedPolicy policy = new IamState.ManagedPolicy();
        policy.name = "AWSLambdaBasicExecutionRole";
        policy.path = "/service-role/";
        policy.id = "ANPAJNCQGXC42545SKXIK";
        policy.arn = BASIC_EXECUTION_ARN;
        policy.description = "Provides write permissions to CloudWatch Logs.";
        policy.created = "2015-04-09T15:03:43Z";
        policy.updated = "2015-04-09T15:03:43Z";
        policy.document = BASIC_EXECUTION_DOCUMENT;
        return policy;
    }
}

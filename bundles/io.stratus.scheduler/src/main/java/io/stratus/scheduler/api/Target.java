package io.stratus.scheduler.api;

/**
 * What a rule runs when it fires: a Lambda function.
 *
 * @param id    the target's id within its rule, 1-64 of {@code [.\-_A-Za-z0-9]}
 * @param arn   the function's ARN ({@code arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]})
 * @param input constant JSON sent instead of the Scheduled Event, or null for the Scheduled Event
 */
public record Target(String id, String arn, String input) {
}

package io.stratus.scheduler.api;

/**
 * One target a PutTargets or RemoveTargets request could not apply, as EventBridge reports it in
 * {@code FailedEntries}; the request's other targets were applied.
 *
 * @param targetId     the target's id
 * @param errorCode    AWS error code, e.g. {@code ValidationException}
 * @param errorMessage why
 */
public record TargetFailure(String targetId, String errorCode, String errorMessage) {
}

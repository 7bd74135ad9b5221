package io.stratus.runtime.api;

/** Lifecycle state of a function, with AWS's names. */
public enum FunctionState {
    /** Its bundle is installed but not started yet. */
    Pending,
    /** Ready to invoke. */
    Active,
    /** Its bundle is stopping; in-flight invocations finish, new ones are refused. */
    Inactive,
    /** Its bundle cannot resolve or its handler cannot be loaded; the reason says why. */
    Failed
}

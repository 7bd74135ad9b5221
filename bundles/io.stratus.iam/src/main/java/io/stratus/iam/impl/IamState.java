package io.stratus.iam.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything IAM keeps, as it is written to {@code <data>/iam/iam.json}: plain fields Gson maps.
 * Only {@link IamStore} touches it, under its lock.
 */
final class IamState {

    Map<String, User> users = new TreeMap<>();
    Map<String, Role> roles = new TreeMap<>();
    /** Customer managed policies by ARN (AWS managed ones are built in, see {@link ManagedPolicies}). */
    Map<String, ManagedPolicy> policies = new TreeMap<>();
    Map<String, AccessKey> accessKeys = new TreeMap<>();
    /** Temporary credentials from AssumeRole, by access key id. */
    Map<String, Session> sessions = new TreeMap<>();

    static final class User {
        String name;
        String path;
        String id;
        String arn;
        String created;
        Map<String, String> inlinePolicies = new LinkedHashMap<>();
        List<String> attachedPolicies = new ArrayList<>();
    }

    static final class Role {
        String name;
        String path;
        String id;
        String arn;
        String created;
        String description;
        String assumeRolePolicy;
        int maxSessionDuration = 3600;
        Map<String, String> inlinePolicies = new LinkedHashMap<>();
        List<String> attachedPolicies = new ArrayList<>();
    }

    static final class ManagedPolicy {
        String name;
        String path;
        String id;
        String arn;
        String description;
        String created;
        String updated;
        String document;
    }

    static final class AccessKey {
        String id;
        String secret;
        String userName;
        String status;
        String created;
    }

    static final class Session {
        String accessKeyId;
        String secret;
        String token;
        long expiresEpochMillis;
        String roleName;
        String roleId;
        String sessionName;
        String arn;
    }
}

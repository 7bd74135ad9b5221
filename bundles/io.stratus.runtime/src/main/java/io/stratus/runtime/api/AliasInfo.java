package io.stratus.runtime.api;

import java.util.Map;

/**
 * An alias of a function: a name for one published version (or {@code $LATEST}), optionally sending
 * a share of the invocations to a second version (Lambda's weighted {@code RoutingConfig}).
 *
 * @param name                     alias name
 * @param functionName             the function it belongs to
 * @param aliasArn                 {@code arn:aws:lambda:<region>:<account>:function:<function>:<alias>}
 * @param functionVersion          the version it points at
 * @param additionalVersionWeights other version -> share of invocations (0-1); empty when all go to
 *                                 {@code functionVersion}
 * @param description              free text
 * @param revisionId               changes with every update of the alias
 */
public record AliasInfo(String name, String functionName, String aliasArn, String functionVersion,
        Map<String, Double> additionalVersionWeights, String description, String revisionId) {

    public AliasInfo {
        additionalVersionWeights = Map.copyOf(additionalVersionWeights);
    }
}

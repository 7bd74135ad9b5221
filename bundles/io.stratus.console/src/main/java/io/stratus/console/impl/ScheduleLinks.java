package io.stratus.console.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.stratus.scheduler.api.Rule;
import io.stratus.scheduler.api.RuleService;
import io.stratus.scheduler.api.Target;

/** Schedule rules targeting each function: {@code Schedule <rule> (<expression>[, DISABLED])}. */
@Component(service = FunctionLinks.class)
public final class ScheduleLinks implements FunctionLinks {

    private final RuleService rules;

    @Activate
    public ScheduleLinks(@Reference RuleService rules) {
        this.rules = rules;
    }

    @Override
    public Kind kind() {
        return Kind.TRIGGERS;
    }

    @Override
    public Map<String, List<String>> byFunction() {
        Map<String, List<String>> links = new TreeMap<>();
        for (Rule rule : rules.rules(null)) {
            String text = "Schedule " + rule.name() + " (" + rule.scheduleExpression()
                    + (rule.state() == io.stratus.scheduler.api.RuleState.ENABLED ? "" : ", " + rule.state()) + ")";
            for (Target target : rule.targets()) {
                List<String> texts = links.computeIfAbsent(FunctionLinks.functionName(target.arn()),
                        f -> new ArrayList<>());
                if (!texts.contains(text)) {
                    texts.add(text);
                }
            }
        }
        return links;
    }
}

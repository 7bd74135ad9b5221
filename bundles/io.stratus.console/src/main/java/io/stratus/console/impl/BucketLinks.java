package io.stratus.console.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.stratus.storage.api.BucketNotifications;
import io.stratus.storage.api.NotificationInfo;

/** Bucket notifications invoking each function: {@code S3 <bucket> (<events>[, prefix p][, suffix s])}. */
@Component(service = FunctionLinks.class)
public final class BucketLinks implements FunctionLinks {

    private final BucketNotifications notifications;

    @Activate
    public BucketLinks(@Reference BucketNotifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public Kind kind() {
        return Kind.TRIGGERS;
    }

    @Override
    public Map<String, List<String>> byFunction() {
        Map<String, List<String>> links = new TreeMap<>();
        for (NotificationInfo n : notifications.notifications()) {
            StringBuilder text = new StringBuilder("S3 ").append(n.bucket()).append(" (")
                    .append(String.join(", ", n.events()));
            if (!n.prefix().isEmpty()) {
                text.append(", prefix ").append(n.prefix());
            }
            if (!n.suffix().isEmpty()) {
                text.append(", suffix ").append(n.suffix());
            }
            links.computeIfAbsent(n.function(), f -> new ArrayList<>()).add(text.append(')').toString());
        }
        return links;
    }
}

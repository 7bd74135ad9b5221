package io.stratus.runtime.impl.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stratus.runtime.impl.handler.JsonMapping;

/** Lambda's Java error body: {@code {"errorMessage","errorType","stackTrace":["c.m(F.java:1)",...]}}. */
final class ErrorDocuments {

    /* The JVM's default depth; a StackOverflowError's trace is cut here. */
    private static final int MAX_FRAMES = 1024;
    private static final String RUNTIME_PACKAGE = "io.stratus.runtime.impl.";

    private ErrorDocuments() {
    }

    static byte[] of(String errorType, String errorMessage) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("errorMessage", errorMessage);
        doc.put("errorType", errorType);
        return JsonMapping.GSON.toJson(doc).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] of(Throwable error) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("errorMessage", error.getMessage());
        doc.put("errorType", error.getClass().getName());
        doc.put("stackTrace", stackTrace(error));
        Throwable cause = error.getCause();
        if (cause != null && cause != error) {
            Map<String, Object> causeDoc = new LinkedHashMap<>();
            causeDoc.put("errorMessage", cause.getMessage());
            causeDoc.put("errorType", cause.getClass().getName());
            causeDoc.put("stackTrace", stackTrace(cause));
            doc.put("cause", causeDoc);
        }
        return JsonMapping.GSON.toJson(doc).getBytes(StandardCharsets.UTF_8);
    }

    /** The function's frames, without the runtime's frames that called the handler. */
    static List<String> stackTrace(Throwable error) {
        StackTraceElement[] frames = error.getStackTrace();
        int end = frames.length;
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().startsWith(RUNTIME_PACKAGE)) {
                end = i;
                break;
            }
        }
        while (end > 0 && isReflection(frames[end - 1].getClassName())) {
            end--;
        }
        List<String> lines = new ArrayList<>(Math.min(end, MAX_FRAMES));
        for (int i = 0; i < end && i < MAX_FRAMES; i++) {
            lines.add(format(frames[i]));
        }
        return lines;
    }

    private static boolean isReflection(String className) {
        return className.startsWith("jdk.internal.reflect.") || className.equals("java.lang.reflect.Method");
    }

    /* AWS's form, without the class loader and module prefixes of StackTraceElement.toString(). */
    private static String format(StackTraceElement frame) {
        String where;
        if (frame.isNativeMethod()) {
            where = "Native Method";
        } else if (frame.getFileName() == null) {
            where = "Unknown Source";
        } else if (frame.getLineNumber() >= 0) {
            where = frame.getFileName() + ":" + frame.getLineNumber();
        } else {
            where = frame.getFileName();
        }
        return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }
}

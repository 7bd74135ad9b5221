package io.stratus.runtime.impl.handler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;

/**
 * How to call one handler: which shape it has (RequestHandler, RequestStreamHandler or
 * {@code class::method}), how its input is read from JSON and its output written. Resolved once when
 * the function is registered, so invocations only call.
 */
public final class HandlerBinding {

    private enum Shape {
        REQUEST_HANDLER, STREAM_HANDLER, METHOD_STREAM, METHOD_STREAM_CONTEXT, METHOD_INPUT, METHOD_INPUT_CONTEXT,
        METHOD_NO_ARGS
    }

    private final Class<?> handlerClass;
    private final Shape shape;
    private final Method method;
    private final Constructor<?> constructor;
    private final Type inputType;
    private final Type outputType;

    private HandlerBinding(Class<?> handlerClass, Shape shape, Method method, Constructor<?> constructor,
            Type inputType, Type outputType) {
        this.handlerClass = handlerClass;
        this.shape = shape;
        this.method = method;
        this.constructor = constructor;
        this.inputType = inputType;
        this.outputType = outputType;
    }

    /**
     * Resolves the handler.
     *
     * @param methodName null or empty for the Lambda interfaces, else the {@code class::method} name
     */
    public static HandlerBinding resolve(Class<?> handlerClass, String methodName) throws InvalidHandlerException {
        boolean named = methodName != null && !methodName.isEmpty();
        if (!named && RequestStreamHandler.class.isAssignableFrom(handlerClass)) {
            return new HandlerBinding(handlerClass, Shape.STREAM_HANDLER, null, constructor(handlerClass),
                    InputStream.class, OutputStream.class);
        }
        if (!named && RequestHandler.class.isAssignableFrom(handlerClass)) {
            Type[] types = GenericTypes.arguments(handlerClass, RequestHandler.class);
            return new HandlerBinding(handlerClass, Shape.REQUEST_HANDLER, null, constructor(handlerClass), types[0],
                    types[1]);
        }
        String name = named ? methodName : "handleRequest";
        Optional<Method> chosen = Stream.of(handlerClass.getMethods())
                .filter(m -> m.getName().equals(name) && shapeOf(m) != null)
                // a typed RequestHandler also has the compiler's bridge handleRequest(Object, Context):
                // the declared method is the one whose input type says how to read the JSON
                .min(Comparator.comparing(Method::isBridge).thenComparingInt(m -> shapeOf(m).ordinal()));
        if (chosen.isEmpty()) {
            if (!named) {
                throw new InvalidHandlerException("Class " + handlerClass.getName()
                        + " does not implement RequestHandler or RequestStreamHandler and has no handleRequest method");
            }
            throw new InvalidHandlerException("No public method named " + name
                    + " with appropriate method signature found on class " + handlerClass.getName());
        }
        Method m = chosen.get();
        try {
            // a public method of a package-private class is still a valid handler
            m.setAccessible(true);
        } catch (RuntimeException e) {
            throw new InvalidHandlerException("Method " + name + " of class " + handlerClass.getName()
                    + " is not accessible: " + e.getMessage());
        }
        Shape shape = shapeOf(m);
        Constructor<?> constructor = Modifier.isStatic(m.getModifiers()) ? null : constructor(handlerClass);
        Type input = switch (shape) {
            case METHOD_INPUT, METHOD_INPUT_CONTEXT -> m.getGenericParameterTypes()[0];
            case METHOD_STREAM, METHOD_STREAM_CONTEXT -> InputStream.class;
            default -> null;
        };
        return new HandlerBinding(handlerClass, shape, m, constructor, input, m.getGenericReturnType());
    }

    /* Lambda's preference when several overloads share the name: streams first, then the richest form. */
    private static Shape shapeOf(Method m) {
        Class<?>[] p = m.getParameterTypes();
        if (p.length == 3 && p[0] == InputStream.class && p[1] == OutputStream.class && p[2] == Context.class) {
            return Shape.METHOD_STREAM_CONTEXT;
        }
        if (p.length == 2 && p[0] == InputStream.class && p[1] == OutputStream.class) {
            return Shape.METHOD_STREAM;
        }
        if (p.length == 2 && p[1] == Context.class) {
            return Shape.METHOD_INPUT_CONTEXT;
        }
        if (p.length == 1 && p[0] != Context.class) {
            return Shape.METHOD_INPUT;
        }
        if (p.length == 0) {
            return Shape.METHOD_NO_ARGS;
        }
        return null;
    }

    private static Constructor<?> constructor(Class<?> type) throws InvalidHandlerException {
        if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            throw new InvalidHandlerException("Class " + type.getName() + " is abstract and cannot be instantiated");
        }
        try {
            Constructor<?> constructor = type.getConstructor();
            constructor.setAccessible(true);
            return constructor;
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new InvalidHandlerException("Class " + type.getName() + " has no public zero-argument constructor");
        }
    }

    public Class<?> handlerClass() {
        return handlerClass;
    }

    /** The declared input type ({@code InputStream} for stream handlers, null for no-argument methods). */
    public Type inputType() {
        return inputType;
    }

    /** The declared output type. */
    public Type outputType() {
        return outputType;
    }

    public boolean streaming() {
        return shape == Shape.STREAM_HANDLER || shape == Shape.METHOD_STREAM || shape == Shape.METHOD_STREAM_CONTEXT;
    }

    /**
     * Creates the handler instance of a new execution environment (the class is initialised here,
     * which is part of the Init duration); null for static methods.
     */
    public Object newInstance() throws Throwable {
        if (constructor == null) {
            return null;
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Calls the handler.
     *
     * @param payload the request bytes
     * @param json    the payload parsed (null when empty)
     * @return the response bytes
     * @throws HandlerFailure for input or output that cannot be mapped
     * @throws Throwable      whatever the handler throws
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public byte[] invoke(Object instance, byte[] payload, JsonElement json, Context context) throws Throwable {
        if (streaming()) {
            InputStream in = new ByteArrayInputStream(payload == null ? new byte[0] : payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (shape) {
                case STREAM_HANDLER -> ((RequestStreamHandler) instance).handleRequest(in, out, context);
                case METHOD_STREAM -> call(instance, in, out);
                default -> call(instance, in, out, context);
            }
            return out.toByteArray();
        }
        Object result = switch (shape) {
            case REQUEST_HANDLER -> ((RequestHandler) instance).handleRequest(input(payload, json), context);
            case METHOD_INPUT -> call(instance, input(payload, json));
            case METHOD_INPUT_CONTEXT -> call(instance, input(payload, json), context);
            default -> call(instance);
        };
        return output(result);
    }

    private Object call(Object instance, Object... args) throws Throwable {
        try {
            return method.invoke(instance, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Maps the payload to the handler's input type. */
    Object input(byte[] payload, JsonElement json) throws HandlerFailure {
        if (inputType == String.class) {
            if (json != null && json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()) {
                return json.getAsString();
            }
            // Lambda hands a String handler the raw text of any other payload
            return json == null ? null : new String(payload, StandardCharsets.UTF_8);
        }
        if (json == null) {
            return null;
        }
        try {
            return JsonMapping.GSON.fromJson(json, inputType);
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException | UnsupportedOperationException e) {
            Throwable reason = e.getCause() != null ? e.getCause() : e;
            throw new HandlerFailure("Runtime.UnmarshalError", "Unable to unmarshal input: " + reason.getMessage());
        }
    }

    /** Writes the handler's answer as JSON ({@code null} for void or null). */
    byte[] output(Object result) throws HandlerFailure {
        try {
            return JsonMapping.toJson(result, outputType == void.class ? null : outputType)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new HandlerFailure("Runtime.MarshalError", "Unable to marshal response: " + e.getMessage());
        }
    }
}

package io.stratus.runtime.impl.handler;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.HashMap;
import java.util.Map;

/** Finds the actual type arguments a class gives a generic interface, through its whole hierarchy. */
final class GenericTypes {

    private GenericTypes() {
    }

    /**
     * The type arguments {@code type} binds for {@code target} (e.g. I and O of RequestHandler), with
     * unbound variables and raw use reported as {@code Object}; null when {@code type} does not
     * implement {@code target} at all.
     */
    static Type[] arguments(Class<?> type, Class<?> target) {
        Type[] found = search(type, target, new HashMap<>());
        if (found == null && target.isAssignableFrom(type)) {
            found = new Type[target.getTypeParameters().length];
            java.util.Arrays.fill(found, Object.class);
        }
        return found;
    }

    private static Type[] search(Type type, Class<?> target, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> scope = new HashMap<>(bindings);
        if (type instanceof ParameterizedType parameterized) {
            raw = (Class<?>) parameterized.getRawType();
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] actual = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length; i++) {
                scope.put(variables[i], substitute(actual[i], bindings));
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
        } else {
            return null;
        }
        if (raw == target) {
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] result = new Type[variables.length];
            for (int i = 0; i < variables.length; i++) {
                Type bound = scope.get(variables[i]);
                result[i] = bound == null ? Object.class : concrete(bound);
            }
            return result;
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Type[] found = search(parent, target, scope);
            if (found != null) {
                return found;
            }
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? null : search(superclass, target, scope);
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> variable) {
            Type bound = bindings.get(variable);
            return bound == null ? variable : bound;
        }
        return type;
    }

    /* A variable nobody bound, or a wildcard, maps like a raw type: to its upper bound. */
    private static Type concrete(Type type) {
        if (type instanceof TypeVariable<?> variable) {
            Type[] bounds = variable.getBounds();
            return bounds.length == 0 ? Object.class : concrete(bounds[0]);
        }
        if (type instanceof WildcardType wildcard) {
            Type[] upper = wildcard.getUpperBounds();
            return upper.length == 0 ? Object.class : concrete(upper[0]);
        }
        if (type instanceof GenericArrayType || type instanceof ParameterizedType || type instanceof Class) {
            return type;
        }
        return Object.class;
    }
}

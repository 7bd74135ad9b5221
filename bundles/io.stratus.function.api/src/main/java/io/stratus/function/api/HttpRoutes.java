package io.stratus.function.api;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.CLASS;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Container of repeated {@link HttpRoute} declarations; written by the compiler, not by hand. */
@Retention(CLASS)
@Target(TYPE)
public @interface HttpRoutes {
    HttpRoute[] value();
}

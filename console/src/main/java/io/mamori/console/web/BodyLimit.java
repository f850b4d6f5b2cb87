package io.mamori.console.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The largest request body a route accepts, in bytes ({@code mamori.console.max-request-bytes}
 * where a route names none). {@link RequestGuards} refuses a larger declared body with 413 before
 * it is read; a body without a declared length is refused with 411.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BodyLimit {
    int value();
}

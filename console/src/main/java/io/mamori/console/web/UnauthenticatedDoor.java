package io.mamori.console.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller method a stranger can call to try a credential (sign-in, its second step,
 * enrollment): {@link RequestGuards} limits such calls per client address. Matched on the route
 * the request reached, not on its path, so a variant of the path ({@code /api/admin/session/},
 * {@code //api/admin//session}) is limited as much as the path itself.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface UnauthenticatedDoor {
}

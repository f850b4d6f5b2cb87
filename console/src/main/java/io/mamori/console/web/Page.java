package io.mamori.console.web;

import java.util.List;

/**
 * One page of a list, newest first. {@code nextCursor} fetches the following page and is absent
 * on the last one. Cursors are opaque to clients.
 */
public record Page<T>(List<T> items, String nextCursor) {
}

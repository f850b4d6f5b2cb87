package io.mamori.agent.service;

import io.mamori.protocol.api.MediaWatch;

/**
 * How removable media are watched now, as the heartbeat reports it: the OS's own adapters until
 * one fails, the portable watcher after that (degraded), or nothing. A degradation is not undone
 * by a later report of a part that did start.
 */
final class WatchState {

    private MediaWatch now = new MediaWatch(MediaWatch.Mode.NATIVE, null);

    synchronized MediaWatch now() {
        return now;
    }

    /** The portable watcher runs by choice or for want of anything better. */
    synchronized void portable(String why) {
        if (now.mode() == MediaWatch.Mode.NATIVE) {
            now = new MediaWatch(MediaWatch.Mode.PORTABLE, clip(why));
        }
    }

    /** A native part failed and the portable one took its place; the reasons add up. */
    synchronized void degraded(String why) {
        String detail = now.mode() == MediaWatch.Mode.DEGRADED ? now.detail() + "; " + why : why;
        if (now.mode() != MediaWatch.Mode.OFF) {
            now = new MediaWatch(MediaWatch.Mode.DEGRADED, clip(detail));
        }
    }

    synchronized void off(String why) {
        now = new MediaWatch(MediaWatch.Mode.OFF, clip(why));
    }

    private static String clip(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 997) + "…";
    }
}
